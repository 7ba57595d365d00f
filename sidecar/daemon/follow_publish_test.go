package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/follow"
	"github.com/haloydev/haloy/sidecar/observe"
)

// TestPublishServedHandsOnlyServedModels checks that followers get a model
// only once the leader's HAProxy took it: a pass's first snapshot (built,
// not applied) and a failed apply publish nothing.
func TestPublishServedHandsOnlyServedModels(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var feed observe.Feed
	pub := follow.NewPublisher()
	go publishServed(ctx, &feed, haproxy.Settings{}, pub)

	model := func(app string) routing.Result {
		return routing.Result{Model: haproxy.Model{Apps: []haproxy.App{{Name: app}}}}
	}
	feed.Publish(observe.Snapshot{Pass: 1, Routing: model("built")})
	feed.Publish(observe.Snapshot{Pass: 1, Routing: model("failed"), Applied: true})
	waitCtx, stop := context.WithTimeout(ctx, 300*time.Millisecond)
	if st, ok := pub.Wait(waitCtx, ""); ok {
		t.Fatalf("published %+v before any model was served", st.Model)
	}
	stop()

	feed.Publish(observe.Snapshot{Pass: 2, Routing: model("served"), Applied: true, Served: true})
	waitCtx, stop = context.WithTimeout(ctx, 2*time.Second)
	defer stop()
	st, ok := pub.Wait(waitCtx, "")
	if !ok || len(st.Model.Apps) != 1 || st.Model.Apps[0].Name != "served" {
		t.Fatalf("published %+v (%t), want the served model", st.Model, ok)
	}
}
