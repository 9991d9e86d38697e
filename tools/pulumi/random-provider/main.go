// Command pulumi-resource-random is continuum's STAND-IN for the Pulumi Random provider.
//
// github.com/pulumi/pulumi-random/provider/v4 is refused by the Go module proxy reachable from
// our machines (403 "not available", @v/list included), so the real (bridged Terraform) provider
// cannot be built here. This program serves the resources continuum uses, with the tokens and
// properties of npm @pulumi/random 4.21.2: RandomString, RandomPassword (with bcryptHash) and
// RandomBytes. Values come from crypto/rand; any input change (keepers included) replaces. IDs
// are "none", never the generated value. Written for continuum; copies no upstream code.
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/continuum/tools/pulumi/internal/standin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/bcrypt"
)

var (
	version  = "4.21.2"
	revision = "continuum-r1"
)

const (
	tString   = "random:index/randomString:RandomString"
	tPassword = "random:index/randomPassword:RandomPassword"
	tBytes    = "random:index/randomBytes:RandomBytes"

	defaultSpecial = "!@#$%&*()-_=+[]{}<>:?"
)

var stringInputs = []string{"keepers", "length", "lower", "minLower", "minNumeric", "minSpecial", "minUpper",
	"number", "numeric", "overrideSpecial", "special", "upper"}

type provider struct{ standin.Base }

func main() {
	standin.Serve("random", version, revision, &provider{standin.Base{Version: version, Inputs: map[string][]string{
		tString: stringInputs, tPassword: stringInputs, tBytes: {"keepers", "length"},
	}}})
}

func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	news, err := standin.Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var failures []*pulumirpc.CheckFailure
	tok := standin.Token(req.GetUrn())
	if _, ok := p.Inputs[tok]; !ok {
		return nil, fmt.Errorf("unknown resource type %q (this stand-in serves RandomString, RandomPassword, RandomBytes)", tok)
	}
	if v, ok := news["length"]; !ok {
		failures = append(failures, &pulumirpc.CheckFailure{Property: "length", Reason: "missing required property 'length'"})
	} else if v.IsNumber() && v.NumberValue() < 1 {
		failures = append(failures, &pulumirpc.CheckFailure{Property: "length", Reason: "length must be at least 1"})
	}
	if tok != tBytes && !news.ContainsUnknowns() {
		c := classes(news)
		if _, err := c.generate(); err != nil {
			failures = append(failures, &pulumirpc.CheckFailure{Property: "length", Reason: err.Error()})
		}
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

type charClasses struct {
	length                  int
	sets                    []string
	mins                    []int
	lower, upper, num, spec bool
	minL, minU, minN, minS  int
	special                 string
}

func classes(m resource.PropertyMap) charClasses {
	c := charClasses{
		length:  int(standin.Num(m, "length", 0)),
		lower:   standin.Bool(m, "lower", true),
		upper:   standin.Bool(m, "upper", true),
		num:     standin.Bool(m, "numeric", standin.Bool(m, "number", true)),
		spec:    standin.Bool(m, "special", true),
		minL:    int(standin.Num(m, "minLower", 0)),
		minU:    int(standin.Num(m, "minUpper", 0)),
		minN:    int(standin.Num(m, "minNumeric", 0)),
		minS:    int(standin.Num(m, "minSpecial", 0)),
		special: standin.Str(m, "overrideSpecial", defaultSpecial),
	}
	add := func(on bool, set string, min int) {
		if on && set != "" {
			c.sets = append(c.sets, set)
			c.mins = append(c.mins, min)
		}
	}
	add(c.lower, "abcdefghijklmnopqrstuvwxyz", c.minL)
	add(c.upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", c.minU)
	add(c.num, "0123456789", c.minN)
	add(c.spec, c.special, c.minS)
	return c
}

func pick(set string) (byte, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
	if err != nil {
		return 0, err
	}
	return set[n.Int64()], nil
}

func (c charClasses) generate() (string, error) {
	if len(c.sets) == 0 {
		return "", fmt.Errorf("at least one of lower, upper, numeric, special must be enabled")
	}
	total := 0
	all := ""
	for i, s := range c.sets {
		total += c.mins[i]
		all += s
	}
	if total > c.length {
		return "", fmt.Errorf("length %d is shorter than the sum of the minimums (%d)", c.length, total)
	}
	out := make([]byte, 0, c.length)
	for i, s := range c.sets {
		for j := 0; j < c.mins[i]; j++ {
			b, err := pick(s)
			if err != nil {
				return "", err
			}
			out = append(out, b)
		}
	}
	for len(out) < c.length {
		b, err := pick(all)
		if err != nil {
			return "", err
		}
		out = append(out, b)
	}
	for i := len(out) - 1; i > 0; i-- { // Fisher-Yates, so the minimums are not all in front
		j, err := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		if err != nil {
			return "", err
		}
		out[i], out[j.Int64()] = out[j.Int64()], out[i]
	}
	return string(out), nil
}

func (p *provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	tok := standin.Token(req.GetUrn())
	in, err := standin.Unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	out := in.Copy()
	if tok == tString || tok == tPassword {
		c := classes(in)
		out["lower"] = resource.NewBoolProperty(c.lower)
		out["upper"] = resource.NewBoolProperty(c.upper)
		out["numeric"] = resource.NewBoolProperty(c.num)
		out["number"] = resource.NewBoolProperty(c.num)
		out["special"] = resource.NewBoolProperty(c.spec)
		out["minLower"] = resource.NewNumberProperty(float64(c.minL))
		out["minUpper"] = resource.NewNumberProperty(float64(c.minU))
		out["minNumeric"] = resource.NewNumberProperty(float64(c.minN))
		out["minSpecial"] = resource.NewNumberProperty(float64(c.minS))
	}
	var computed []string
	switch tok {
	case tString:
		computed = []string{"result"}
	case tPassword:
		computed = []string{"result", "bcryptHash"}
	case tBytes:
		computed = []string{"base64", "hex"}
	}
	if req.GetPreview() {
		props, err := standin.Marshal(standin.Computed(out, computed...))
		if err != nil {
			return nil, err
		}
		return &pulumirpc.CreateResponse{Properties: props}, nil
	}
	switch tok {
	case tString, tPassword:
		result, err := classes(in).generate()
		if err != nil {
			return nil, err
		}
		if tok == tString {
			out["result"] = resource.NewStringProperty(result)
			break
		}
		hash, err := bcrypt.GenerateFromPassword([]byte(result), bcrypt.DefaultCost)
		if err != nil {
			return nil, err
		}
		out["result"] = standin.Secret(result)
		out["bcryptHash"] = standin.Secret(string(hash))
	case tBytes:
		b := make([]byte, int(standin.Num(in, "length", 0)))
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		out["base64"] = standin.Secret(base64.StdEncoding.EncodeToString(b))
		out["hex"] = standin.Secret(hex.EncodeToString(b))
	}
	props, err := standin.Marshal(out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: "none", Properties: props}, nil
}
