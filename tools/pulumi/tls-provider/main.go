// Command pulumi-resource-tls is continuum's STAND-IN for the Pulumi TLS provider.
//
// github.com/pulumi/pulumi-tls/provider/v5 is refused by the Go module proxy reachable from our
// machines (403 "not available", @v/list included), so the real (bridged Terraform) provider
// cannot be built here. This program serves the resources continuum uses, with the tokens and
// properties of npm @pulumi/tls 5.6.1: PrivateKey (RSA, ECDSA, ED25519) and SelfSignedCert.
// Keys come from crypto/rand; any input change replaces; readyForRenewal is computed at create
// time only. Written for continuum; copies no upstream code.
package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // subject key id (RFC 5280 method 1), not a security property
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"time"

	"github.com/continuum/tools/pulumi/internal/standin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/ssh"
)

var (
	version  = "5.6.1"
	revision = "continuum-r2"
)

const (
	tPrivateKey = "tls:index/privateKey:PrivateKey"
	tSelfSigned = "tls:index/selfSignedCert:SelfSignedCert"
)

type provider struct{ standin.Base }

func main() {
	standin.Serve("tls", version, revision, &provider{standin.Base{Version: version, Inputs: map[string][]string{
		tPrivateKey: {"algorithm", "ecdsaCurve", "rsaBits"},
		tSelfSigned: {"allowedUses", "dnsNames", "earlyRenewalHours", "ipAddresses", "isCaCertificate",
			"maxPathLength", "privateKeyPem", "privateKeyPemWo", "privateKeyPemWoVersion", "setAuthorityKeyId",
			"setSubjectKeyId", "subject", "uris", "validityPeriodHours"},
	}}})
}

func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	tok := standin.Token(req.GetUrn())
	if _, ok := p.Inputs[tok]; !ok {
		return nil, fmt.Errorf("unknown resource type %q (this stand-in serves PrivateKey and SelfSignedCert)", tok)
	}
	news, err := standin.Unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var failures []*pulumirpc.CheckFailure
	fail := func(prop, reason string) {
		failures = append(failures, &pulumirpc.CheckFailure{Property: prop, Reason: reason})
	}
	switch tok {
	case tPrivateKey:
		if v, ok := news["algorithm"]; !ok {
			fail("algorithm", "missing required property 'algorithm'")
		} else if v.IsString() {
			switch v.StringValue() {
			case "RSA", "ECDSA", "ED25519":
			default:
				fail("algorithm", fmt.Sprintf("algorithm must be RSA, ECDSA or ED25519, got %q", v.StringValue()))
			}
		}
		if v, ok := news["ecdsaCurve"]; ok && v.IsString() {
			if _, err := curve(v.StringValue()); err != nil {
				fail("ecdsaCurve", err.Error())
			}
		}
	case tSelfSigned:
		if _, ok := news["validityPeriodHours"]; !ok {
			fail("validityPeriodHours", "missing required property 'validityPeriodHours'")
		}
		if _, ok := news["allowedUses"]; !ok {
			fail("allowedUses", "missing required property 'allowedUses'")
		}
		_, hasKey := news["privateKeyPem"]
		_, hasKeyWo := news["privateKeyPemWo"]
		if !hasKey && !hasKeyWo {
			fail("privateKeyPem", "one of privateKeyPem or privateKeyPemWo is required")
		}
		for _, u := range standin.Strs(news, "allowedUses") {
			if _, _, ok := keyUse(u); !ok {
				fail("allowedUses", fmt.Sprintf("unknown key usage %q", u))
			}
		}
	}
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: failures}, nil
}

func curve(name string) (elliptic.Curve, error) {
	switch name {
	case "P224":
		return elliptic.P224(), nil
	case "P256":
		return elliptic.P256(), nil
	case "P384":
		return elliptic.P384(), nil
	case "P521":
		return elliptic.P521(), nil
	}
	return nil, fmt.Errorf("ecdsaCurve must be P224, P256, P384 or P521, got %q", name)
}

func (p *provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	tok := standin.Token(req.GetUrn())
	in, err := standin.Unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	var out resource.PropertyMap
	var id string
	switch tok {
	case tPrivateKey:
		out = in.Copy()
		out["ecdsaCurve"] = resource.NewStringProperty(standin.Str(in, "ecdsaCurve", "P224"))
		out["rsaBits"] = resource.NewNumberProperty(standin.Num(in, "rsaBits", 2048))
		if req.GetPreview() {
			out = standin.Computed(out, "privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh", "publicKeyPem",
				"publicKeyOpenssh", "publicKeyFingerprintMd5", "publicKeyFingerprintSha256")
		} else if id, err = privateKey(in, out); err != nil {
			return nil, err
		}
	case tSelfSigned:
		out = in.Copy()
		if req.GetPreview() {
			out = standin.Computed(out, "certPem", "keyAlgorithm", "validityStartTime", "validityEndTime")
			out["readyForRenewal"] = resource.NewBoolProperty(false)
		} else if id, err = selfSigned(in, out); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown resource type %q", tok)
	}
	props, err := standin.Marshal(out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

func privateKey(in, out resource.PropertyMap) (string, error) {
	var key crypto.Signer
	var pemBlock *pem.Block
	switch alg := standin.Str(in, "algorithm", ""); alg {
	case "RSA":
		k, err := rsa.GenerateKey(rand.Reader, int(standin.Num(in, "rsaBits", 2048)))
		if err != nil {
			return "", err
		}
		key, pemBlock = k, &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
	case "ECDSA":
		c, err := curve(standin.Str(in, "ecdsaCurve", "P224"))
		if err != nil {
			return "", err
		}
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return "", err
		}
		der, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return "", err
		}
		key, pemBlock = k, &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
	case "ED25519":
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", err
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return "", err
		}
		key, pemBlock = k, &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	default:
		return "", fmt.Errorf("unsupported algorithm %q", alg)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return "", err
	}
	out["privateKeyPem"] = standin.Secret(string(pem.EncodeToMemory(pemBlock)))
	out["privateKeyPemPkcs8"] = standin.Secret(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})))
	out["publicKeyPem"] = resource.NewStringProperty(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})))
	// OpenSSH forms exist for every algorithm except ECDSA P224, which OpenSSH lacks.
	out["privateKeyOpenssh"] = resource.NewStringProperty("")
	out["publicKeyOpenssh"] = resource.NewStringProperty("")
	out["publicKeyFingerprintMd5"] = resource.NewStringProperty("")
	out["publicKeyFingerprintSha256"] = resource.NewStringProperty("")
	if sshPub, err := ssh.NewPublicKey(key.Public()); err == nil {
		out["publicKeyOpenssh"] = resource.NewStringProperty(string(ssh.MarshalAuthorizedKey(sshPub)))
		out["publicKeyFingerprintMd5"] = resource.NewStringProperty(ssh.FingerprintLegacyMD5(sshPub))
		out["publicKeyFingerprintSha256"] = resource.NewStringProperty(ssh.FingerprintSHA256(sshPub))
		if blk, err := ssh.MarshalPrivateKey(key, ""); err == nil {
			out["privateKeyOpenssh"] = standin.Secret(string(pem.EncodeToMemory(blk)))
		}
	}
	sum := sha1.Sum(pubDER) //nolint:gosec // an identifier, as upstream's hash of the public key
	return hex.EncodeToString(sum[:]), nil
}

// keyUse maps a Terraform-style allowed use to x509 key usage / extended key usage.
func keyUse(u string) (x509.KeyUsage, x509.ExtKeyUsage, bool) {
	ku := map[string]x509.KeyUsage{
		"digital_signature": x509.KeyUsageDigitalSignature, "content_commitment": x509.KeyUsageContentCommitment,
		"key_encipherment": x509.KeyUsageKeyEncipherment, "data_encipherment": x509.KeyUsageDataEncipherment,
		"key_agreement": x509.KeyUsageKeyAgreement, "cert_signing": x509.KeyUsageCertSign,
		"crl_signing": x509.KeyUsageCRLSign, "encipher_only": x509.KeyUsageEncipherOnly,
		"decipher_only": x509.KeyUsageDecipherOnly,
	}
	eku := map[string]x509.ExtKeyUsage{
		"any_extended": x509.ExtKeyUsageAny, "server_auth": x509.ExtKeyUsageServerAuth,
		"client_auth": x509.ExtKeyUsageClientAuth, "code_signing": x509.ExtKeyUsageCodeSigning,
		"email_protection": x509.ExtKeyUsageEmailProtection, "ipsec_end_system": x509.ExtKeyUsageIPSECEndSystem,
		"ipsec_tunnel": x509.ExtKeyUsageIPSECTunnel, "ipsec_user": x509.ExtKeyUsageIPSECUser,
		"timestamping": x509.ExtKeyUsageTimeStamping, "ocsp_signing": x509.ExtKeyUsageOCSPSigning,
		"microsoft_server_gated_crypto":     x509.ExtKeyUsageMicrosoftServerGatedCrypto,
		"netscape_server_gated_crypto":      x509.ExtKeyUsageNetscapeServerGatedCrypto,
		"microsoft_commercial_code_signing": x509.ExtKeyUsageMicrosoftCommercialCodeSigning,
		"microsoft_kernel_code_signing":     x509.ExtKeyUsageMicrosoftKernelCodeSigning,
	}
	if k, ok := ku[u]; ok {
		return k, 0, true
	}
	if e, ok := eku[u]; ok {
		return 0, e, true
	}
	return 0, 0, false
}

func parseSigner(pemText string) (crypto.Signer, string, error) {
	blk, _ := pem.Decode([]byte(pemText))
	if blk == nil {
		return nil, "", errors.New("privateKeyPem: no PEM block found")
	}
	var k any
	var err error
	switch blk.Type {
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	default:
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	}
	if err != nil {
		return nil, "", fmt.Errorf("privateKeyPem: %w", err)
	}
	switch s := k.(type) {
	case *rsa.PrivateKey:
		return s, "RSA", nil
	case *ecdsa.PrivateKey:
		return s, "ECDSA", nil
	case ed25519.PrivateKey:
		return s, "ED25519", nil
	}
	return nil, "", errors.New("privateKeyPem: unsupported key type")
}

func selfSigned(in, out resource.PropertyMap) (string, error) {
	keyPem := standin.Str(in, "privateKeyPem", standin.Str(in, "privateKeyPemWo", ""))
	signer, alg, err := parseSigner(keyPem)
	if err != nil {
		return "", err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return "", err
	}
	now := time.Now().UTC()
	hours := standin.Num(in, "validityPeriodHours", 0)
	end := now.Add(time.Duration(hours * float64(time.Hour)))
	subj := standin.Obj(in, "subject")
	name := pkix.Name{CommonName: standin.Str(subj, "commonName", ""), SerialNumber: standin.Str(subj, "serialNumber", "")}
	one := func(key string) []string {
		if v := standin.Str(subj, key, ""); v != "" {
			return []string{v}
		}
		return nil
	}
	name.Organization, name.OrganizationalUnit = one("organization"), one("organizationalUnit")
	name.Country, name.Province, name.Locality = one("country"), one("province"), one("locality")
	name.PostalCode, name.StreetAddress = one("postalCode"), standin.Strs(subj, "streetAddresses")
	if e := standin.Str(subj, "emailAddress", ""); e != "" {
		name.ExtraNames = append(name.ExtraNames, pkix.AttributeTypeAndValue{
			Type: []int{1, 2, 840, 113549, 1, 9, 1}, Value: e,
		})
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: name, NotBefore: now, NotAfter: end,
		BasicConstraintsValid: true, IsCA: standin.Bool(in, "isCaCertificate", false),
		DNSNames: standin.Strs(in, "dnsNames"),
	}
	if mpl := int(standin.Num(in, "maxPathLength", 0)); mpl > 0 {
		tmpl.MaxPathLen = mpl
	} else if tmpl.IsCA {
		tmpl.MaxPathLenZero = false
		tmpl.MaxPathLen = -1
	}
	for _, u := range standin.Strs(in, "allowedUses") {
		k, e, _ := keyUse(u)
		tmpl.KeyUsage |= k
		if e != 0 || u == "any_extended" {
			tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, e)
		}
	}
	for _, ip := range standin.Strs(in, "ipAddresses") {
		parsed := net.ParseIP(ip)
		if parsed == nil {
			return "", fmt.Errorf("ipAddresses: %q is not an IP address", ip)
		}
		tmpl.IPAddresses = append(tmpl.IPAddresses, parsed)
	}
	for _, u := range standin.Strs(in, "uris") {
		parsed, err := url.Parse(u)
		if err != nil {
			return "", fmt.Errorf("uris: %w", err)
		}
		tmpl.URIs = append(tmpl.URIs, parsed)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(signer.Public())
	if err != nil {
		return "", err
	}
	if standin.Bool(in, "setSubjectKeyId", false) {
		var spki struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}
		if _, err := asn1.Unmarshal(pubDER, &spki); err == nil {
			sum := sha1.Sum(spki.PublicKey.Bytes) //nolint:gosec // RFC 5280 key identifier
			tmpl.SubjectKeyId = sum[:]
		}
	}
	if standin.Bool(in, "setAuthorityKeyId", false) && tmpl.SubjectKeyId != nil {
		tmpl.AuthorityKeyId = tmpl.SubjectKeyId
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		return "", err
	}
	out["certPem"] = resource.NewStringProperty(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	out["keyAlgorithm"] = resource.NewStringProperty(alg)
	out["validityStartTime"] = resource.NewStringProperty(now.Format(time.RFC3339))
	out["validityEndTime"] = resource.NewStringProperty(end.Format(time.RFC3339))
	early := time.Duration(standin.Num(in, "earlyRenewalHours", 0) * float64(time.Hour))
	out["readyForRenewal"] = resource.NewBoolProperty(!now.Before(end.Add(-early)))
	out["setSubjectKeyId"] = resource.NewBoolProperty(standin.Bool(in, "setSubjectKeyId", false))
	out["setAuthorityKeyId"] = resource.NewBoolProperty(standin.Bool(in, "setAuthorityKeyId", false))
	out["isCaCertificate"] = resource.NewBoolProperty(tmpl.IsCA)
	out["earlyRenewalHours"] = resource.NewNumberProperty(standin.Num(in, "earlyRenewalHours", 0))
	return serial.String(), nil
}
