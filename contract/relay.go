package contract

// The relay: a global Swarm service on every manager, the sidecar image as
// `haloy-sidecar relay`, so the CLI can reach the sidecar from a manager
// that does not run it. `docker exec`ed there, the sidecar binary forwards
// its one-shot subcommands to the leader sidecar over the haloy network
// (POST RelayPath on FollowPort, with the control token) instead of running
// them on the relay's own (empty) data.
const (
	// RelayService is the global service of relays on the managers.
	RelayService = "haloy-relay"
	// RelayCommand is the sidecar binary's subcommand a relay task runs.
	RelayCommand = "relay"
	// RelayPath is the leader's endpoint that runs a forwarded subcommand.
	RelayPath = "/v1/relay"
	// EnvRelayLeader, set in a relay's environment (and so in every exec
	// there), is the leader's base URL the subcommands are forwarded to.
	EnvRelayLeader = "HALOY_RELAY_LEADER"
	// EnvRelayTokenFile is the file holding the control token in a relay.
	EnvRelayTokenFile = "HALOY_RELAY_TOKEN_FILE"
	// ControlTokenFile is the control token on the leader's data volume;
	// the leader creates it at its first start.
	ControlTokenFile = DataDir + "/control-token"
	// ControlTokenSecret is the Swarm secret holding the control token,
	// mounted in relays at /run/secrets/<name>.
	ControlTokenSecret = "haloy-control-token"
	// ControlTokenCommand prints (or rotates) the control token on the
	// leader: `haloy-sidecar control-token [--rotate]`.
	ControlTokenCommand = "control-token"
)
