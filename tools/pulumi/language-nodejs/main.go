// Command pulumi-language-nodejs is continuum's STAND-IN for Pulumi's Node.js language host.
//
// Why it exists: the upstream host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) and the Go module proxy
// reachable from our machines refuses every version of it ("403 This module version is not
// available"), so it cannot be built here. This program is written for continuum (it copies no
// upstream code) against the LanguageRuntime gRPC contract of github.com/pulumi/pulumi/sdk/v3
// v3.248.0 and the command-line contract of the Node.js SDK's own entry points, which ship in the
// @pulumi/pulumi npm package:
//
//   - Run:       node [nodeargs] @pulumi/pulumi/cmd/run --monitor=.. --engine=.. ... <program>
//   - RunPlugin: node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack>   (policy packs)
//     node @pulumi/pulumi/cmd/run-plugin <plugin dir> <args>          (component providers)
//   - GetRequiredPackages: the `pulumi` stanza of every package.json under node_modules.
//
// Code generation (GenerateProgram/Project/Package, Pack, Link) is not implemented: `pulumi
// convert`, `pulumi package gen-sdk --language nodejs` and `pulumi package add` into a Node.js
// project need the upstream host.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set with -ldflags "-X main.version=..." to the Pulumi release whose contract this
// host implements.
var version = "3.248.0"

// revision identifies this stand-in's own code (printed by -version; part of the cache key).
var revision = "continuum-r2"

// exitAfterLoggingUserActionableMessage is the exit code @pulumi/pulumi/cmd/run uses when it has
// already reported the error to the engine (the engine then "bails" without a second message).
const exitAfterLoggingUserActionableMessage = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	mu            sync.Mutex
	engineAddress string
}

func main() {
	// The engine starts language hosts as `pulumi-language-nodejs [flags] <engine address>`.
	// Older engines passed flags such as -root, -tracing or -typescript: accept and ignore them.
	engine := ""
	for _, a := range os.Args[1:] {
		switch {
		case a == "-version" || a == "--version":
			fmt.Printf("%s %s\n", version, revision)
			return
		case strings.HasPrefix(a, "-"):
			continue
		default:
			engine = a
		}
	}
	h := &host{engineAddress: engine}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// programInfo is the resolved view of a ProgramInfo (or of the deprecated flat fields).
type programInfo struct {
	root, dir, entry string
	options          map[string]any
}

func resolveInfo(info *pulumirpc.ProgramInfo, pwd, program string) programInfo {
	p := programInfo{root: pwd, dir: pwd, entry: program, options: map[string]any{}}
	if info != nil {
		if info.GetRootDirectory() != "" {
			p.root = info.GetRootDirectory()
		}
		if info.GetProgramDirectory() != "" {
			p.dir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			p.entry = info.GetEntryPoint()
		}
		if info.GetOptions() != nil {
			p.options = info.GetOptions().AsMap()
		}
	}
	if p.entry == "" {
		p.entry = "."
	}
	return p
}

func (p programInfo) option(name string) string {
	v, ok := p.options[name]
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprintf("%v", v)
}

func (p programInfo) nodeArgs() []string { return strings.Fields(p.option("nodeargs")) }

// resolveModule asks node itself where a module is, from the program directory, so NODE_PATH,
// workspaces and symlinked node_modules behave exactly as they will for the program.
func resolveModule(dir, module string) (string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("could not find `node` on PATH: install Node.js")
	}
	cmd := exec.Command(node, "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed for %s: "+
			"could not resolve %s (run `npm install`): %s", dir, module, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	p := resolveInfo(req.GetInfo(), req.GetPwd(), req.GetProgram())
	runPath, err := resolveModule(p.dir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append(p.nodeArgs(), runPath,
		"--monitor="+req.GetMonitorAddress(),
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--root-directory="+p.root,
		"--pwd="+req.GetPwd(),
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
	)
	if e := h.engine(); e != "" {
		args = append(args, "--engine="+e)
	}
	if org := req.GetOrganization(); org != "" {
		args = append(args, "--organization="+org)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	program := p.entry
	if !filepath.IsAbs(program) {
		program = filepath.Join(p.dir, program)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(nonNil(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(p.option("typescript") != "false"),
	)
	if ts := p.option("tsconfig"); ts != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+ts)
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	// The engine turns our stdout/stderr into diagnostics, as it does for the upstream host.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == exitAfterLoggingUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// packageJSON is the part of a package.json this host reads.
type packageJSON struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Pulumi          *struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pkg packageJSON
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &pkg, nil
}

// findNodeModules walks up from dir to the first node_modules directory (workspaces hoist).
func findNodeModules(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if st, err := os.Stat(nm); err == nil && st.IsDir() {
			return nm
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// walkPackages calls fn for every package directory under a node_modules tree (including scoped
// and nested node_modules).
func walkPackages(nodeModules string, seen map[string]bool, fn func(dir string, pkg *packageJSON)) {
	entries, err := os.ReadDir(nodeModules)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		dir := filepath.Join(nodeModules, name)
		if strings.HasPrefix(name, "@") {
			walkPackages(dir, seen, fn)
			continue
		}
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			continue
		}
		seen[real] = true
		if st, err := os.Stat(real); err != nil || !st.IsDir() {
			continue
		}
		if pkg, err := readPackageJSON(filepath.Join(dir, "package.json")); err == nil {
			fn(dir, pkg)
		}
		walkPackages(filepath.Join(dir, "node_modules"), seen, fn)
	}
}

func (h *host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	p := resolveInfo(req.GetInfo(), "", "")
	nm := findNodeModules(p.dir)
	if nm == "" {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	found := map[string]*pulumirpc.PackageDependency{}
	walkPackages(nm, map[string]bool{}, func(_ string, pkg *packageJSON) {
		if pkg.Pulumi == nil || !pkg.Pulumi.Resource {
			return
		}
		name := pkg.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(pkg.Name, "@pulumi/")
		}
		ver := pkg.Pulumi.Version
		if ver == "" {
			ver = pkg.Version
		}
		key := name + "@" + ver
		if _, ok := found[key]; !ok {
			found[key] = &pulumirpc.PackageDependency{
				Kind: "resource", Name: name, Version: ver, Server: pkg.Pulumi.Server,
			}
		}
	})
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, k := range keys {
		resp.Packages = append(resp.Packages, found[k])
	}
	return resp, nil
}

func (h *host) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	p := resolveInfo(req.GetInfo(), req.GetPwd(), req.GetProgram())
	root, err := readPackageJSON(filepath.Join(p.dir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("reading the program's package.json: %w", err)
	}
	nm := findNodeModules(p.dir)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	add := func(deps map[string]string) {
		names := make([]string, 0, len(deps))
		for n := range deps {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			ver := deps[n]
			if nm != "" {
				if pkg, err := readPackageJSON(filepath.Join(nm, n, "package.json")); err == nil {
					ver = pkg.Version
				}
			}
			resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: n, Version: ver})
		}
	}
	add(root.Dependencies)
	if req.GetTransitiveDependencies() {
		add(root.DevDependencies)
	}
	return resp, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find `node` on PATH")
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   map[string]string{"languageHost": "continuum stand-in (tools/pulumi/language-nodejs)"},
	}, nil
}

func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// packageManager picks the package manager from the runtime option or the lock file present.
func packageManager(p programInfo, dir string) string {
	if pm := p.option("packagemanager"); pm != "" {
		return pm
	}
	for _, c := range []struct{ file, pm string }{
		{"pnpm-lock.yaml", "pnpm"}, {"yarn.lock", "yarn"}, {"bun.lock", "bun"}, {"bun.lockb", "bun"},
	} {
		if _, err := os.Stat(filepath.Join(dir, c.file)); err == nil {
			return c.pm
		}
	}
	return "npm"
}

// streamWriter forwards process output to a gRPC stream, serialising sends.
type streamWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

func (w streamWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := make([]byte, len(b))
	copy(c, b)
	if err := w.send(c); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, srv grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	p := resolveInfo(req.GetInfo(), req.GetDirectory(), "")
	pm := packageManager(p, p.dir)
	var mu sync.Mutex
	cmd := exec.CommandContext(srv.Context(), pm, "install")
	cmd.Dir = p.dir
	cmd.Stdout = streamWriter{&mu, func(b []byte) error {
		return srv.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	cmd.Stderr = streamWriter{&mu, func(b []byte) error {
		return srv.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("`%s install` in %s failed: %w", pm, p.dir, err)
	}
	return nil
}

func (h *host) RunPlugin(
	req *pulumirpc.RunPluginRequest, srv grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	p := resolveInfo(req.GetInfo(), req.GetPwd(), req.GetProgram())
	program := p.entry
	if !filepath.IsAbs(program) {
		program = filepath.Join(p.dir, program)
	}

	var args []string
	switch req.GetKind() {
	case "analyzer":
		script, err := resolveModule(p.dir, "@pulumi/pulumi/cmd/run-policy-pack")
		if err != nil {
			return err
		}
		// run-policy-pack <engine address> <policy pack directory>
		args = append(p.nodeArgs(), script)
		args = append(args, req.GetArgs()...)
		args = append(args, program)
	default:
		script, err := resolveModule(p.dir, "@pulumi/pulumi/cmd/run-plugin")
		if err != nil {
			return err
		}
		// run-plugin [--pwd dir] <plugin directory> <args...>
		args = append(p.nodeArgs(), script, "--pwd="+p.dir, program)
		args = append(args, req.GetArgs()...)
	}

	cmd := exec.CommandContext(srv.Context(), "node", args...)
	// Plugins run in their own directory: @pulumi/policy reads the pack's version from
	// ./package.json, and run-plugin resolves the plugin's main from there.
	cmd.Dir = p.dir
	if len(req.GetEnv()) > 0 {
		cmd.Env = req.GetEnv()
	} else {
		cmd.Env = os.Environ()
	}
	if ts := p.option("typescript"); ts != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(ts != "false"))
	}

	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting node for plugin %s: %w", program, err)
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	pump := func(r io.Reader, mk func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		br := bufio.NewReader(r)
		buf := make([]byte, 32*1024)
		for {
			n, err := br.Read(buf)
			if n > 0 {
				c := make([]byte, n)
				copy(c, buf[:n])
				mu.Lock()
				_ = srv.Send(mk(c))
				mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()

	code := int32(0)
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return err
		}
		code = int32(exit.ExitCode())
	}
	mu.Lock()
	defer mu.Unlock()
	return srv.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}
