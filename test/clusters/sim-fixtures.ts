/** The shape `kwokctl get kubeconfig` prints. */
export const kwokKubeconfig = (name: string, port: number): string => `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://127.0.0.1:${port}
  name: kwok-${name}
contexts:
- context:
    cluster: kwok-${name}
    user: kwok-${name}
  name: kwok-${name}
current-context: kwok-${name}
kind: Config
preferences: {}
users:
- name: kwok-${name}
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;
