// Package standin is the small gRPC scaffolding shared by continuum's stand-in resource
// providers (tools/pulumi/random-provider, tools/pulumi/tls-provider): serving, property
// (un)marshalling, typed getters and a diff in which every input change replaces.
//
// Stand-ins exist only because the Go module proxy refuses the upstream provider modules; see
// docs/toolchain.md. They are written for continuum and copy no upstream code.
package standin

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Serve handles -version and serves srv, printing the port for the engine.
func Serve(name, version, revision string, srv pulumirpc.ResourceProviderServer) {
	for _, a := range os.Args[1:] {
		if a == "-version" || a == "--version" {
			fmt.Printf("%s %s\n", version, revision)
			return
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(s, srv)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-%s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-%s: %v\n", name, err)
		os.Exit(1)
	}
}

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, SkipNulls: true}

func Unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	m, err := plugin.UnmarshalProperties(s, opts)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = resource.PropertyMap{}
	}
	return m, nil
}

func Marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, opts)
}

// Token returns the type token of a URN (urn:pulumi:stack::project::[parent$]type::name).
func Token(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return ""
	}
	t := parts[2]
	if i := strings.LastIndex(t, "$"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

func plain(v resource.PropertyValue) resource.PropertyValue {
	if v.IsSecret() {
		return v.SecretValue().Element
	}
	return v
}

func Str(m resource.PropertyMap, key, def string) string {
	if v, ok := m[resource.PropertyKey(key)]; ok && plain(v).IsString() {
		return plain(v).StringValue()
	}
	return def
}

func Bool(m resource.PropertyMap, key string, def bool) bool {
	if v, ok := m[resource.PropertyKey(key)]; ok && plain(v).IsBool() {
		return plain(v).BoolValue()
	}
	return def
}

func Num(m resource.PropertyMap, key string, def float64) float64 {
	if v, ok := m[resource.PropertyKey(key)]; ok && plain(v).IsNumber() {
		return plain(v).NumberValue()
	}
	return def
}

func Strs(m resource.PropertyMap, key string) []string {
	v, ok := m[resource.PropertyKey(key)]
	if !ok || !plain(v).IsArray() {
		return nil
	}
	var out []string
	for _, e := range plain(v).ArrayValue() {
		if plain(e).IsString() {
			out = append(out, plain(e).StringValue())
		}
	}
	return out
}

func Obj(m resource.PropertyMap, key string) resource.PropertyMap {
	if v, ok := m[resource.PropertyKey(key)]; ok && plain(v).IsObject() {
		return plain(v).ObjectValue()
	}
	return resource.PropertyMap{}
}

// Base implements the provider methods that are the same for every stand-in.
type Base struct {
	pulumirpc.UnimplementedResourceProviderServer
	Version string
	// Inputs lists, per type token, the input properties (any change to one replaces).
	Inputs map[string][]string
}

func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: b.Version}, nil
}

func (b *Base) Handshake(
	context.Context, *pulumirpc.ProviderHandshakeRequest,
) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true, AcceptOutputs: true}, nil
}

func (b *Base) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (b *Base) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (b *Base) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

func (b *Base) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (b *Base) Attach(context.Context, *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Delete forgets the resource: nothing outside the state exists.
func (b *Base) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Read returns the recorded state: it is all there is.
func (b *Base) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

// Diff replaces on any change of an input property (all inputs of these resources force a new
// resource upstream too).
func (b *Base) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	keys, ok := b.Inputs[Token(req.GetUrn())]
	if !ok {
		return nil, fmt.Errorf("unknown resource type %q", Token(req.GetUrn()))
	}
	olds, err := Unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	if len(olds) == 0 {
		if olds, err = Unmarshal(req.GetOlds()); err != nil {
			return nil, err
		}
	}
	news, err := Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var changed []string
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, k := range keys {
		o, hasOld := olds[resource.PropertyKey(k)]
		n, hasNew := news[resource.PropertyKey(k)]
		if !hasOld && !hasNew {
			continue
		}
		if hasOld && hasNew && !n.ContainsUnknowns() && o.DeepEquals(n) {
			continue
		}
		kind := pulumirpc.PropertyDiff_UPDATE_REPLACE
		switch {
		case !hasOld:
			kind = pulumirpc.PropertyDiff_ADD_REPLACE
		case !hasNew:
			kind = pulumirpc.PropertyDiff_DELETE_REPLACE
		}
		changed = append(changed, k)
		detailed[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{
		Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: changed, Replaces: changed,
		DetailedDiff: detailed, HasDetailedDiff: true,
	}, nil
}

// Update is never needed (every change replaces) but answers with the new inputs.
func (b *Base) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return &pulumirpc.UpdateResponse{Properties: req.GetOlds()}, nil
}

// Computed marks the named outputs unknown (preview).
func Computed(m resource.PropertyMap, keys ...string) resource.PropertyMap {
	out := m.Copy()
	for _, k := range keys {
		out[resource.PropertyKey(k)] = resource.MakeComputed(resource.NewStringProperty(""))
	}
	return out
}

// Secret wraps a string output as a secret.
func Secret(s string) resource.PropertyValue {
	return resource.MakeSecret(resource.NewStringProperty(s))
}
