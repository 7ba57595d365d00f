package contract

// The follower: `haloy-sidecar follow -leader URL -token-file FILE`, the
// sidecar image driving a node-local HAProxy (a second ingress node) with
// what the leader sidecar routes.
const (
	// FollowCommand is the sidecar binary's subcommand running a follower.
	FollowCommand = "follow"
	// FollowPort is the leader sidecar's port followers poll, on the
	// haloy network only (never published).
	FollowPort = 8082
	// FollowTokenFile is the follower token on the leader's data volume;
	// the leader creates it at its first start.
	FollowTokenFile = DataDir + "/follow-token"
	// FollowTokenSecret is the Swarm secret holding the follower token,
	// mounted in followers at /run/secrets/<name>.
	FollowTokenSecret = "haloy-follow-token"
	// FlagLeader is the follower's leader URL.
	FlagLeader = "leader"
	// FlagTokenFile is the follower's token file.
	FlagTokenFile = "token-file"
	// FollowTokenCommand is the subcommand printing (or rotating) the
	// follower token on the leader: `haloy-sidecar follow-token [--rotate]`.
	FollowTokenCommand = "follow-token"
)

// The ingress on other Swarm nodes: two global services on the nodes
// labelled IngressLabel=true (other than the leader's node), sharing one
// node-local volume.
const (
	// IngressService is the global service of HAProxy on ingress nodes.
	IngressService = "haloy-ingress"
	// FollowerService is the global service of followers on ingress nodes.
	FollowerService = "haloy-follower"
	// IngressVolume is the node-local volume the two share (haproxy.cfg,
	// certificates, sockets), mounted like HAProxyVolume.
	IngressVolume = "haloy-ingress"
	// IngressLabel is the node label choosing ingress nodes
	// (docker node update --label-add haloy.ingress=true NODE).
	IngressLabel = "haloy.ingress"
)
