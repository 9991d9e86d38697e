// Command pulumi-resource-command is continuum's STAND-IN for the Pulumi Command provider.
//
// Why it exists: github.com/pulumi/pulumi-command/provider (and pulumi-go-provider, which it is
// built on) are refused by the Go module proxy reachable from our machines (403 "not available"
// for every version and for @v/list), so the real provider cannot be built here. This program is
// written for continuum (it copies no upstream code) and serves the resource and function tokens,
// inputs and outputs that the npm @pulumi/command 1.2.1 SDK declares:
//
//	command:local:Command     create/update/delete run on this machine
//	command:local:run         function: run a command, return stdout/stderr
//	command:remote:Command    create/update/delete run over SSH
//	command:remote:CopyToRemote, command:remote:CopyFile   copy a file or directory over SSH
//
// Behaviour follows the SDK's documentation: `update` falls back to `create`; `triggers` changes
// replace; PULUMI_COMMAND_STDOUT/STDERR carry the previous outputs to update and delete unless
// addPreviousOutputInEnv is false; a trailing newline is trimmed from stdout/stderr; `logging`
// picks what is streamed to the engine; SSH host keys are verified only when `hostKey` is set;
// `proxy` dials through a bastion. Not implemented: assetPaths/archivePaths (outputs
// `assets`/`archive` stay empty) and GetSchema.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/continuum/tools/pulumi/internal/standin"
	"os"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is the @pulumi/command SDK version whose interface this stand-in serves.
var version = "1.2.1"

// revision identifies this stand-in's own code (printed by -version; part of the cache key).
var revision = "continuum-r2"

const (
	tLocalCommand  = "command:local:Command"
	tRemoteCommand = "command:remote:Command"
	tCopyToRemote  = "command:remote:CopyToRemote"
	tCopyFile      = "command:remote:CopyFile"
	fLocalRun      = "command:local:run"
)

type provider struct {
	pulumirpc.UnimplementedResourceProviderServer
	mu     sync.Mutex
	engine pulumirpc.EngineClient
}

func main() {
	engineAddr := ""
	for _, a := range os.Args[1:] {
		switch {
		case strings.HasPrefix(a, "-"):
			continue
		default:
			engineAddr = a
		}
	}
	p := &provider{}
	if engineAddr != "" {
		conn, err := grpc.NewClient(engineAddr,
			grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
		if err == nil {
			p.engine = pulumirpc.NewEngineClient(conn)
		}
	}
	standin.Serve("command", version, revision, p)
}

// log streams one line of command output to the engine (shown under the resource).
func (p *provider) log(ctx context.Context, urn, msg string, severity pulumirpc.LogSeverity) {
	if p.engine == nil || msg == "" {
		return
	}
	_, _ = p.engine.Log(ctx, &pulumirpc.LogRequest{Severity: severity, Message: msg, Urn: urn, Ephemeral: false})
}

func newID(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func (p *provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (p *provider) Handshake(
	context.Context, *pulumirpc.ProviderHandshakeRequest,
) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true, AcceptOutputs: true}, nil
}

func (p *provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *provider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (p *provider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (p *provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *provider) Attach(context.Context, *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	news, err := standin.Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var failures []*pulumirpc.CheckFailure
	fail := func(prop, reason string) {
		failures = append(failures, &pulumirpc.CheckFailure{Property: prop, Reason: reason})
	}
	switch tok := standin.Token(req.GetUrn()); tok {
	case tLocalCommand, tRemoteCommand:
		if v, ok := news["logging"]; ok && v.IsString() {
			switch v.StringValue() {
			case "stdout", "stderr", "stdoutAndStderr", "none":
			default:
				fail("logging", fmt.Sprintf("logging must be one of stdout, stderr, stdoutAndStderr, none; got %q", v.StringValue()))
			}
		}
		if tok == tRemoteCommand {
			if _, ok := news["connection"]; !ok {
				fail("connection", "missing required property 'connection'")
			}
		}
	case tCopyToRemote, tCopyFile:
		if _, ok := news["connection"]; !ok {
			fail("connection", "missing required property 'connection'")
		}
		if _, ok := news["remotePath"]; !ok {
			fail("remotePath", "missing required property 'remotePath'")
		}
		if tok == tCopyToRemote {
			if _, ok := news["source"]; !ok {
				fail("source", "missing required property 'source'")
			}
		} else if _, ok := news["localPath"]; !ok {
			fail("localPath", "missing required property 'localPath'")
		}
	default:
		return nil, fmt.Errorf("unknown resource type %q", tok)
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

// inputKeys are the properties of each resource that are inputs (the rest are outputs).
var inputKeys = map[string][]string{
	tLocalCommand: {"addPreviousOutputInEnv", "archivePaths", "assetPaths", "create", "delete", "dir",
		"environment", "interpreter", "logging", "stdin", "triggers", "update"},
	tRemoteCommand: {"addPreviousOutputInEnv", "connection", "create", "delete", "environment", "logging",
		"stdin", "triggers", "update"},
	tCopyToRemote: {"connection", "remotePath", "source", "triggers"},
	tCopyFile:     {"connection", "localPath", "remotePath", "triggers"},
}

func (p *provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	tok := standin.Token(req.GetUrn())
	olds, err := standin.Unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	if len(olds) == 0 {
		if olds, err = standin.Unmarshal(req.GetOlds()); err != nil {
			return nil, err
		}
	}
	news, err := standin.Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var diffs, replaces []string
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, k := range inputKeys[tok] {
		key := resource.PropertyKey(k)
		o, hasOld := olds[key]
		n, hasNew := news[key]
		if !hasOld && !hasNew {
			continue
		}
		if hasOld && hasNew && !n.ContainsUnknowns() && o.DeepEquals(n) {
			continue
		}
		diffs = append(diffs, k)
		replace := k == "triggers" || tok == tCopyToRemote || tok == tCopyFile
		kind := pulumirpc.PropertyDiff_UPDATE
		switch {
		case !hasOld:
			kind = pulumirpc.PropertyDiff_ADD
		case !hasNew:
			kind = pulumirpc.PropertyDiff_DELETE
		}
		if replace {
			replaces = append(replaces, k)
			kind += 1 // ADD_REPLACE, DELETE_REPLACE, UPDATE_REPLACE follow their plain kinds.
		}
		detailed[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	changes := pulumirpc.DiffResponse_DIFF_NONE
	if len(diffs) > 0 {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return &pulumirpc.DiffResponse{
		Changes: changes, Diffs: diffs, Replaces: replaces,
		DetailedDiff: detailed, HasDetailedDiff: true,
	}, nil
}

// outputs returns inputs plus the outputs of a run (unknown during preview).
func outputs(inputs resource.PropertyMap, tok string, res *runResult, preview bool) resource.PropertyMap {
	out := inputs.Copy()
	if tok == tLocalCommand || tok == tRemoteCommand {
		switch {
		case preview:
			out["stdout"] = resource.MakeComputed(resource.NewStringProperty(""))
			out["stderr"] = resource.MakeComputed(resource.NewStringProperty(""))
		case res != nil:
			out["stdout"] = resource.NewStringProperty(res.stdout)
			out["stderr"] = resource.NewStringProperty(res.stderr)
		default:
			out["stdout"] = resource.NewStringProperty("")
			out["stderr"] = resource.NewStringProperty("")
		}
	}
	return out
}

func (p *provider) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	tok := standin.Token(req.GetUrn())
	inputs, err := standin.Unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	id := newID(tok[strings.LastIndex(tok, ":")+1:] + "-")
	if req.GetPreview() {
		props, err := standin.Marshal(outputs(inputs, tok, nil, true))
		if err != nil {
			return nil, err
		}
		return &pulumirpc.CreateResponse{Id: "", Properties: props}, nil
	}
	var res *runResult
	switch tok {
	case tLocalCommand, tRemoteCommand:
		if cmd := standin.Str(inputs, "create", ""); cmd != "" {
			res, err = p.runFor(ctx, req.GetUrn(), tok, inputs, cmd, nil)
		}
	case tCopyToRemote, tCopyFile:
		err = p.copyToRemote(ctx, tok, inputs)
	}
	if err != nil {
		return nil, err
	}
	props, err := standin.Marshal(outputs(inputs, tok, res, false))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

func (p *provider) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	tok := standin.Token(req.GetUrn())
	inputs, err := standin.Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, err := standin.Unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	if req.GetPreview() {
		props, err := standin.Marshal(outputs(inputs, tok, nil, true))
		if err != nil {
			return nil, err
		}
		return &pulumirpc.UpdateResponse{Properties: props}, nil
	}
	var res *runResult
	switch tok {
	case tLocalCommand, tRemoteCommand:
		cmd := standin.Str(inputs, "update", "")
		if cmd == "" {
			cmd = standin.Str(inputs, "create", "")
		}
		if cmd != "" {
			res, err = p.runFor(ctx, req.GetUrn(), tok, inputs, cmd, olds)
		}
	case tCopyToRemote, tCopyFile:
		err = p.copyToRemote(ctx, tok, inputs)
	}
	if err != nil {
		return nil, err
	}
	props, err := standin.Marshal(outputs(inputs, tok, res, false))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

func (p *provider) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	tok := standin.Token(req.GetUrn())
	if tok != tLocalCommand && tok != tRemoteCommand {
		return &emptypb.Empty{}, nil
	}
	olds, err := standin.Unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	if cmd := standin.Str(olds, "delete", ""); cmd != "" {
		if _, err := p.runFor(ctx, req.GetUrn(), tok, olds, cmd, olds); err != nil {
			return nil, err
		}
	}
	return &emptypb.Empty{}, nil
}

// Read returns the recorded state unchanged: a command's effects cannot be read back.
func (p *provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

func (p *provider) Invoke(ctx context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	if req.GetTok() != fLocalRun {
		return nil, fmt.Errorf("unknown function %q", req.GetTok())
	}
	args, err := standin.Unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	cmd := standin.Str(args, "command", "")
	if cmd == "" {
		return &pulumirpc.InvokeResponse{Failures: []*pulumirpc.CheckFailure{
			{Property: "command", Reason: "missing required property 'command'"},
		}}, nil
	}
	res, err := p.runFor(ctx, "", tLocalCommand, args, cmd, nil)
	if err != nil {
		return nil, err
	}
	out := args.Copy()
	out["stdout"] = resource.NewStringProperty(res.stdout)
	out["stderr"] = resource.NewStringProperty(res.stderr)
	ret, err := standin.Marshal(out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: ret}, nil
}

func strMap(m resource.PropertyMap, key string) map[string]string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok {
		return nil
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsObject() {
		return nil
	}
	out := map[string]string{}
	for k, e := range v.ObjectValue() {
		if e.IsSecret() {
			e = e.SecretValue().Element
		}
		if e.IsString() {
			out[string(k)] = e.StringValue()
		}
	}
	return out
}

func object(m resource.PropertyMap, key string) resource.PropertyMap {
	v, ok := m[resource.PropertyKey(key)]
	if !ok {
		return nil
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsObject() {
		return nil
	}
	return v.ObjectValue()
}

type runResult struct{ stdout, stderr string }

// runFor runs cmd for a local or remote Command; olds (if any) feed PULUMI_COMMAND_STDOUT/STDERR.
func (p *provider) runFor(
	ctx context.Context, urn, tok string, inputs resource.PropertyMap, cmd string, olds resource.PropertyMap,
) (*runResult, error) {
	env := strMap(inputs, "environment")
	if env == nil {
		env = map[string]string{}
	}
	if olds != nil && standin.Bool(inputs, "addPreviousOutputInEnv", true) {
		if _, ok := olds["stdout"]; ok {
			env["PULUMI_COMMAND_STDOUT"] = standin.Str(olds, "stdout", "")
		}
		if _, ok := olds["stderr"]; ok {
			env["PULUMI_COMMAND_STDERR"] = standin.Str(olds, "stderr", "")
		}
	}
	logging := standin.Str(inputs, "logging", "")
	if logging == "" {
		logging = "stdoutAndStderr"
	}
	sink := &lineSink{ctx: ctx, p: p, urn: urn, logging: logging}
	spec := runSpec{cmd: cmd, env: env, stdin: standin.Str(inputs, "stdin", ""), sink: sink}
	var err error
	var res *runResult
	if tok == tRemoteCommand {
		conn := object(inputs, "connection")
		if conn == nil {
			return nil, errors.New("remote.Command: connection is required")
		}
		res, err = runRemote(ctx, conn, spec)
	} else {
		spec.dir = standin.Str(inputs, "dir", "")
		spec.interpreter = standin.Strs(inputs, "interpreter")
		res, err = runLocal(ctx, spec)
	}
	sink.flush()
	if err != nil {
		return nil, commandError(err, cmd, res, logging)
	}
	return res, nil
}

// commandError reports a failed command the way users of the real provider expect: the command
// and its output (as far as `logging` allows output to be shown).
func commandError(err error, cmd string, res *runResult, logging string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: running %q:", err, cmd)
	if res != nil && logging != "none" {
		if logging != "stderr" && res.stdout != "" {
			fmt.Fprintf(&b, "\n%s", res.stdout)
		}
		if logging != "stdout" && res.stderr != "" {
			fmt.Fprintf(&b, "\n%s", res.stderr)
		}
	}
	return errors.New(b.String())
}

// lineSink forwards complete lines of stdout/stderr to the engine according to `logging`.
type lineSink struct {
	ctx     context.Context
	p       *provider
	urn     string
	logging string
	mu      sync.Mutex
	partial [2]strings.Builder
}

func (s *lineSink) writer(stream int) *sinkWriter { return &sinkWriter{s: s, stream: stream} }

func (s *lineSink) emit(stream int, line string) {
	show := s.logging == "stdoutAndStderr" ||
		(s.logging == "stdout" && stream == 0) || (s.logging == "stderr" && stream == 1)
	if !show {
		return
	}
	s.p.log(s.ctx, s.urn, line, pulumirpc.LogSeverity_INFO)
}

func (s *lineSink) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.partial {
		if s.partial[i].Len() > 0 {
			s.emit(i, s.partial[i].String())
			s.partial[i].Reset()
		}
	}
}

type sinkWriter struct {
	s      *lineSink
	stream int
}

func (w *sinkWriter) Write(b []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	buf := &w.s.partial[w.stream]
	buf.Write(b)
	for {
		text := buf.String()
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			break
		}
		w.s.emit(w.stream, text[:i])
		buf.Reset()
		buf.WriteString(text[i+1:])
	}
	return len(b), nil
}
