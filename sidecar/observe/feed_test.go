package observe

import (
	"sync"
	"testing"
	"time"
)

func TestFeedHandsTheLatestSnapshotToEverySubscriber(t *testing.T) {
	var f Feed
	if _, ok := f.Latest(); ok {
		t.Fatal("Latest before any Publish reports a snapshot")
	}
	early := f.Subscribe()
	select {
	case <-early:
		t.Fatal("a subscriber was woken before anything was published")
	default:
	}
	f.Publish(Snapshot{Pass: 1})
	f.Publish(Snapshot{Pass: 2})
	late := f.Subscribe()
	for name, c := range map[string]<-chan struct{}{"early": early, "late": late} {
		select {
		case <-c:
		default:
			t.Fatalf("%s subscriber was not woken", name)
		}
		select {
		case <-c:
			t.Fatalf("%s subscriber got two wake-ups for snapshots it had not read; want them merged", name)
		default:
		}
	}
	if s, ok := f.Latest(); !ok || s.Pass != 2 {
		t.Errorf("Latest = pass %d (%v), want pass 2", s.Pass, ok)
	}
}

func TestFeedIsSafeForConcurrentUse(t *testing.T) {
	var f Feed
	c := f.Subscribe()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				f.Publish(Snapshot{Pass: i*100 + j})
				f.Latest()
			}
		})
	}
	wg.Wait()
	select {
	case <-c:
	case <-time.After(time.Second):
		t.Fatal("no wake-up after 400 publishes")
	}
}
