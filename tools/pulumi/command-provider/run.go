package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/continuum/tools/pulumi/internal/standin"
)

type runSpec struct {
	cmd         string
	env         map[string]string
	stdin       string
	dir         string
	interpreter []string
	sink        *lineSink
}

func trimNL(s string) string { return strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r") }

// runLocal runs spec.cmd with the interpreter (default /bin/sh -c) on this machine.
func runLocal(ctx context.Context, spec runSpec) (*runResult, error) {
	interp := spec.interpreter
	if len(interp) == 0 {
		interp = []string{"/bin/sh", "-c"}
	}
	args := append(append([]string{}, interp[1:]...), spec.cmd)
	c := exec.CommandContext(ctx, interp[0], args...)
	c.Dir = spec.dir
	c.Env = os.Environ()
	for k, v := range spec.env {
		c.Env = append(c.Env, k+"="+v)
	}
	if spec.stdin != "" {
		c.Stdin = strings.NewReader(spec.stdin)
	}
	var stdout, stderr bytes.Buffer
	c.Stdout = io.MultiWriter(&stdout, spec.sink.writer(0))
	c.Stderr = io.MultiWriter(&stderr, spec.sink.writer(1))
	err := c.Run()
	return &runResult{stdout: trimNL(stdout.String()), stderr: trimNL(stderr.String())}, err
}

// connSpec is the part of a remote connection (or its proxy) this provider understands.
type connSpec struct {
	host, user, password, privateKey, keyPassword, agentSocket, hostKey string
	port                                                                int
	dialErrorLimit                                                      int
	perDialTimeout                                                      time.Duration
}

func parseConn(m resource.PropertyMap) connSpec {
	c := connSpec{
		host:           standin.Str(m, "host", ""),
		user:           standin.Str(m, "user", ""),
		password:       standin.Str(m, "password", ""),
		privateKey:     standin.Str(m, "privateKey", ""),
		keyPassword:    standin.Str(m, "privateKeyPassword", ""),
		agentSocket:    standin.Str(m, "agentSocketPath", ""),
		hostKey:        standin.Str(m, "hostKey", ""),
		port:           int(standin.Num(m, "port", 22)),
		dialErrorLimit: int(standin.Num(m, "dialErrorLimit", 10)),
		perDialTimeout: time.Duration(standin.Num(m, "perDialTimeout", 15)) * time.Second,
	}
	if c.user == "" {
		c.user = "root"
	}
	return c
}

func (c connSpec) config() (*ssh.ClientConfig, error) {
	var auth []ssh.AuthMethod
	if c.privateKey != "" {
		var signer ssh.Signer
		var err error
		if c.keyPassword != "" {
			signer, err = ssh.ParsePrivateKeyWithPassphrase([]byte(c.privateKey), []byte(c.keyPassword))
		} else {
			signer, err = ssh.ParsePrivateKey([]byte(c.privateKey))
		}
		if err != nil {
			return nil, fmt.Errorf("parsing the connection's privateKey: %w", err)
		}
		auth = append(auth, ssh.PublicKeys(signer))
	}
	if c.password != "" {
		auth = append(auth, ssh.Password(c.password))
	}
	sock := c.agentSocket
	if sock == "" {
		sock = os.Getenv("SSH_AUTH_SOCK")
	}
	if sock != "" {
		if conn, err := net.Dial("unix", sock); err == nil {
			auth = append(auth, ssh.PublicKeysCallback(agent.NewClient(conn).Signers))
		}
	}
	hostKeyCallback := ssh.InsecureIgnoreHostKey() //nolint:gosec // documented: only verified when hostKey is set
	if c.hostKey != "" {
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(c.hostKey))
		if err != nil {
			return nil, fmt.Errorf("parsing the connection's hostKey (want authorized_keys format): %w", err)
		}
		hostKeyCallback = ssh.FixedHostKey(pub)
	}
	return &ssh.ClientConfig{User: c.user, Auth: auth, HostKeyCallback: hostKeyCallback, Timeout: c.perDialTimeout}, nil
}

func (c connSpec) addr() string { return net.JoinHostPort(c.host, strconv.Itoa(c.port)) }

// retry dials until it succeeds or dialErrorLimit errors happened (-1: no limit).
func retry(ctx context.Context, limit int, dial func() (*ssh.Client, error)) (*ssh.Client, error) {
	var lastErr error
	for attempt := 1; limit < 0 || attempt <= max(limit, 1); attempt++ {
		client, err := dial()
		if err == nil {
			return client, nil
		}
		lastErr = err
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(min(attempt, 5)) * time.Second):
		}
	}
	return nil, lastErr
}

// dialConnection opens an SSH client for a connection object, through its proxy if it has one.
func dialConnection(ctx context.Context, m resource.PropertyMap) (*ssh.Client, error) {
	target := parseConn(m)
	if target.host == "" {
		return nil, errors.New("connection.host is required")
	}
	cfg, err := target.config()
	if err != nil {
		return nil, err
	}
	proxy := object(m, "proxy")
	if proxy == nil {
		return retry(ctx, target.dialErrorLimit, func() (*ssh.Client, error) {
			return ssh.Dial("tcp", target.addr(), cfg)
		})
	}
	pc := parseConn(proxy)
	pcfg, err := pc.config()
	if err != nil {
		return nil, fmt.Errorf("connection.proxy: %w", err)
	}
	bastion, err := retry(ctx, pc.dialErrorLimit, func() (*ssh.Client, error) {
		return ssh.Dial("tcp", pc.addr(), pcfg)
	})
	if err != nil {
		return nil, fmt.Errorf("dialing proxy %s: %w", pc.addr(), err)
	}
	return retry(ctx, target.dialErrorLimit, func() (*ssh.Client, error) {
		conn, err := bastion.Dial("tcp", target.addr())
		if err != nil {
			return nil, err
		}
		cc, chans, reqs, err := ssh.NewClientConn(conn, target.addr(), cfg)
		if err != nil {
			_ = conn.Close()
			return nil, err
		}
		return ssh.NewClient(cc, chans, reqs), nil
	})
}

// runRemote runs spec.cmd over SSH. Environment variables are sent with Setenv, which the server
// accepts only for names listed in its AcceptEnv: a refusal is reported, not fatal.
func runRemote(ctx context.Context, conn resource.PropertyMap, spec runSpec) (*runResult, error) {
	client, err := dialConnection(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", parseConn(conn).addr(), err)
	}
	defer client.Close()
	session, err := client.NewSession()
	if err != nil {
		return nil, err
	}
	defer session.Close()
	for k, v := range spec.env {
		if err := session.Setenv(k, v); err != nil {
			spec.sink.emit(1, fmt.Sprintf("Unable to set '%s'. This only works if your SSH server is configured "+
				"to accept these variables via AcceptEnv.", k))
		}
	}
	if spec.stdin != "" {
		session.Stdin = strings.NewReader(spec.stdin)
	}
	var stdout, stderr bytes.Buffer
	session.Stdout = io.MultiWriter(&stdout, spec.sink.writer(0))
	session.Stderr = io.MultiWriter(&stderr, spec.sink.writer(1))
	done := make(chan error, 1)
	go func() { done <- session.Run(spec.cmd) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = session.Signal(ssh.SIGTERM)
		err = ctx.Err()
	}
	return &runResult{stdout: trimNL(stdout.String()), stderr: trimNL(stderr.String())}, err
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'" }

// copyToRemote copies a file or directory to connection's host at remotePath. If remotePath is
// an existing directory the source goes inside it; otherwise it is created (a file source
// overwrites an existing file).
func (p *provider) copyToRemote(ctx context.Context, tok string, inputs resource.PropertyMap) error {
	conn := object(inputs, "connection")
	remotePath := standin.Str(inputs, "remotePath", "")
	var localPath, text string
	var isText bool
	if tok == tCopyFile {
		localPath = standin.Str(inputs, "localPath", "")
	} else {
		src, ok := inputs["source"]
		if !ok {
			return errors.New("source is required")
		}
		if src.IsSecret() {
			src = src.SecretValue().Element
		}
		switch {
		case src.IsAsset():
			a := src.AssetValue()
			switch {
			case a.IsPath():
				localPath = a.Path
			case a.IsText():
				text, isText = a.Text, true
			default:
				return errors.New("CopyToRemote: only FileAsset and StringAsset sources are supported by this stand-in")
			}
		case src.IsArchive():
			a := src.ArchiveValue()
			if !a.IsPath() {
				return errors.New("CopyToRemote: only FileArchive sources are supported by this stand-in")
			}
			localPath = a.Path
		default:
			return errors.New("CopyToRemote: source must be an asset or an archive")
		}
	}

	client, err := dialConnection(ctx, conn)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", parseConn(conn).addr(), err)
	}
	defer client.Close()

	run := func(cmd string, stdin io.Reader) error {
		s, err := client.NewSession()
		if err != nil {
			return err
		}
		defer s.Close()
		s.Stdin = stdin
		var stderr bytes.Buffer
		s.Stderr = &stderr
		if err := s.Run(cmd); err != nil {
			return fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return nil
	}
	q := shellQuote(remotePath)
	if isText {
		return run(fmt.Sprintf(`d=%s; if [ -d "$d" ]; then echo "remotePath is a directory" >&2; exit 1; fi; cat > "$d"`, q),
			strings.NewReader(text))
	}
	st, err := os.Stat(localPath)
	if err != nil {
		return err
	}
	base := shellQuote(filepath.Base(localPath))
	if !st.IsDir() {
		f, err := os.Open(localPath)
		if err != nil {
			return err
		}
		defer f.Close()
		return run(fmt.Sprintf(`d=%s; if [ -d "$d" ]; then d="$d/"%s; fi; cat > "$d" && chmod %o "$d"`,
			q, base, st.Mode().Perm()), f)
	}
	// Directory: stream a tar of it.
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeTar(pw, localPath)) }()
	return run(fmt.Sprintf(`d=%s; if [ -d "$d" ]; then d="$d/"%s; fi; mkdir -p "$d" && tar -x -f - -C "$d"`, q, base), pr)
}

func writeTar(w io.Writer, root string) error {
	tw := tar.NewWriter(w)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(path); err != nil {
				return err
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(tw, f)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tw.Close()
}
