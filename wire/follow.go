package wire

// FollowStatus is what the leader sidecar knows of the ingress followers
// (the HAProxies on other Swarm nodes): the state it publishes and each
// follower's last poll.
type FollowStatus struct {
	// Version is the version of the state the leader publishes now.
	Version string `json:"version"`
	// Followers is each follower that polled within the last hour, by name.
	Followers []FollowerStatus `json:"followers"`
}

// FollowerStatus is one follower as the leader saw it on its last poll.
type FollowerStatus struct {
	// Name is the name the follower polls with: its host name, which on a
	// Swarm is its node's.
	Name string `json:"name"`
	// Applied is the version its HAProxy serves ("" before its first).
	Applied string `json:"applied"`
	// Current is true when Applied is the leader's Version.
	Current bool `json:"current"`
	// Live is true while a poll is open or the last ended moments ago;
	// a follower that stopped polling (its node is gone) is not.
	Live bool `json:"live"`
	// LastPollAge is how long ago its last poll started or ended (0
	// while one is open).
	LastPollAge Duration `json:"lastPollAge"`
}

// Serving is true when the follower is live and serves the current state.
func (f FollowerStatus) Serving() bool { return f.Live && f.Current }

// Follower returns the follower named name, or nil.
func (s *FollowStatus) Follower(name string) *FollowerStatus {
	if s == nil {
		return nil
	}
	for i := range s.Followers {
		if s.Followers[i].Name == name {
			return &s.Followers[i]
		}
	}
	return nil
}
