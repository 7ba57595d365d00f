package config

// ExampleYAML is a commented haloy.yaml that shows every key, for
// `docker haloy init` and the docs to print. It parses as is.
const ExampleYAML = `# haloy.yaml: how "docker haloy deploy" runs one app.
# Several apps? Put each under "apps:" as a list entry ("- name: ...").

# The app's unique name: lower-case letters, digits, '-' and '_'.
# It names the Compose project and the HAProxy backend.
name: my-app

# The image to run. The tag defaults to "latest".
source:
  image:
    repository: ghcr.io/my-org/my-app
    tag: "1.0.0"

# Where the app is served. Each entry is a host name, or a domain with
# aliases that are redirected (301) to it. Certificates are issued for all.
domains:
  - domain: my-app.example.com
    aliases:
      - www.my-app.example.com
  - api.my-app.example.com

# ACME account e-mail for the certificates (default: the one given to init).
acmeEmail: ops@example.com

# How the CA checks that the domains point here: http-01 (the default; the
# CA connects to port 80) or tls-alpn-01 (the CA connects to port 443, for
# servers that cannot open port 80) or dns-01 (a TXT record made through
# acmeDNSProvider: wildcard domains, servers the CA cannot reach at all;
# the provider's credentials go to the sidecar: init --acme-dns-env-file).
acmeChallenge: http-01
# acmeDNSProvider: rfc2136

# The container port the app listens on (default 80).
port: 8080

# How many containers serve the app (default 1).
replicas: 2

# Probed with HTTP GET, any 2xx is healthy, when the image has no
# HEALTHCHECK (default /).
healthCheckPath: /healthz

# How long a new deployment may take to become ready (default 2m), how long
# replaced replicas may finish in-flight requests (default 30s), and how long
# a container gets between SIGTERM and SIGKILL (default 10s).
healthTimeout: 2m
drainTimeout: 30s
stopGracePeriod: 10s

# How a deploy replaces the replicas, as Compose's deploy.update_config.
# parallelism 0 (the default) starts the whole new deployment beside the old
# one and switches when all of it is healthy; N replaces N replicas at a
# time, for hosts without room for twice the replicas. order: start-first
# (default) or stop-first; failureAction: rollback (default) or pause.
update:
  parallelism: 1
  order: start-first
  failureAction: rollback

# Deployments kept for rollback (default 5).
deploymentsToKeep: 5

# Environment variables: a plain value, or secretName to use a secret from
# the encrypted secrets store (only its name is written here).
env:
  - name: LOG_LEVEL
    value: info
  - name: DATABASE_URL
    secretName: my-app-database-url

# Docker volumes, source:target[:mode].
volumes:
  - my-app-data:/var/lib/my-app

# Shell commands run in this file's folder before the deploy, and after a
# successful one.
preDeploy:
  - ./scripts/build.sh
postDeploy:
  - ./scripts/notify.sh
`
