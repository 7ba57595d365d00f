package routing

// Labels say which app a container asks to join, never whether it may: the
// caller decides that from durable state (package membership) and hands
// Build one Admission per container. Build stays pure.

// Verdict is what may become of a container whose labels decode.
type Verdict int

const (
	// Admit lets the container route as its labels ask.
	Admit Verdict = iota
	// Hold keeps the container in its app's status but never routes it: a
	// registered deployment that its deploy has not promoted yet.
	Hold
	// Refuse drops the container from its app and reports it as a Problem.
	Refuse
	// Retire drains the container: in-flight requests finish, no new ones
	// arrive, and its deployment never serves again. `docker haloy stop`
	// retires an app before stopping its containers.
	Retire
)

// Admission is the verdict on one container, with the reason when refused.
type Admission struct {
	// Verdict is what Build does with the container.
	Verdict Verdict
	// Label is the label the refusal is about.
	Label string
	// Reason says why the container was refused.
	Reason string
	// Hint says how to fix it.
	Hint string
}

// Admissions are verdicts by container id; a container missing from it is
// admitted.
type Admissions map[string]Admission

// refusal is the Problem reporting a refused container.
func (a Admission) refusal(c Container, app string) Problem {
	return Problem{Container: c.Name, App: app, Label: a.Label, Reason: a.Reason, Hint: a.Hint}
}
