package engine

import "fmt"

// ImageStep is what EnsureImage does to give the target engine an image.
type ImageStep int

// The image steps.
const (
	// UseTarget uses the image the target engine has.
	UseTarget ImageStep = iota
	// CopyFromSource streams the image from the source engine
	// (ImageSave) into the target engine (ImageLoad).
	CopyFromSource
	// PullFromRegistry pulls the image through the target engine.
	PullFromRegistry
	// Missing is an error: the image is nowhere the policy allows.
	Missing
)

func (s ImageStep) String() string {
	return [...]string{"use the target's", "copy from the source", "pull from the registry", "missing"}[s]
}

// PlanImage decides how the target engine gets an image. targetID and
// sourceID are the image's ids on the target and source engines ("":
// that engine lacks it); hasSource says a source engine was given
// (--copy-image-from). The source's image is the one the user means:
// it is copied when the target lacks the tag or has another image under
// it (a rebuilt tag), and nothing moves when both ids match. The pull
// policy governs registries only: when the source lacks the image, the
// policy decides as if there were no source (so --pull never with a
// source copies but never pulls). PullAlways with a source is refused
// by CheckCopyPolicy before any plan.
func PlanImage(policy PullPolicy, hasSource bool, targetID, sourceID string) ImageStep {
	if hasSource && sourceID != "" {
		if targetID == sourceID {
			return UseTarget
		}
		return CopyFromSource
	}
	switch {
	case policy == PullAlways:
		return PullFromRegistry
	case targetID != "":
		return UseTarget
	case policy == PullMissing:
		return PullFromRegistry
	}
	return Missing
}

// CheckCopyPolicy refuses --pull always with --copy-image-from: both
// say where the image comes from, and a pull would replace the copy.
func CheckCopyPolicy(policy PullPolicy, source string) error {
	if source != "" && policy == PullAlways {
		return fmt.Errorf("--pull always and --copy-image-from %s both say where the image comes from: use --pull missing (copy, else pull what the source lacks) or --pull never (copy only)", source)
	}
	return nil
}
