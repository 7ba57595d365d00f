package integration

// Resilience of the routing path: the sidecar and HAProxy may die and come
// back, bad labels may appear, bursts of containers may start, and traffic
// to everything else must not notice.
//
// A Docker Engine restart is not tested here: the engine is shared with
// other test runs on the same machine (and in CI it may be the host's own
// dockerd, not one .ci/run started), so restarting it would break runs that
// are not ours. The sidecar's reaction to a broken event stream (reconnect
// with backoff, then a full relist) is what an engine restart exercises;
// see watchEvents in sidecar/daemon.

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
)

// runLabelled starts a testapp container routed as app on domain, the way a
// plain `docker run` user would, and removes it when the test ends.
func runLabelled(t *testing.T, name, app, domain string, extra ...string) {
	t.Helper()
	args := []string{"run", "-d", "--name", name, "--network", "haloy",
		"--label", "dev.haloy.role=app", "--label", "dev.haloy.appName=" + app,
		"--label", "dev.haloy.health-check-path=/healthz", "--label", "dev.haloy.domain.0=" + domain,
		"-e", "APP_VERSION=" + app}
	args = append(append(args, extra...), "haloy/testapp:v1")
	docker(t, args...)
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
}

// waitHosts waits until requests for domain reach n distinct containers.
func waitHosts(t *testing.T, timeout time.Duration, domain string, n int) {
	t.Helper()
	eventually(t, timeout, fmt.Sprintf("%s served by %d replicas", domain, n), func() error { return servedByReplicas(domain, n) })
}

// servedByReplicas checks that 4n requests for domain all succeed and are answered
// by n different replicas.
func servedByReplicas(domain string, n int) error {
	hosts := map[string]bool{}
	for range 4 * n {
		code, body, _, err := tryGet("http://" + domain + "/")
		if err != nil || code != 200 {
			return fmt.Errorf("GET = %d %v", code, err)
		}
		hosts[field(body, "host")] = true
	}
	if len(hosts) != n {
		return fmt.Errorf("answered by %d replicas %v", len(hosts), hosts)
	}
	return nil
}

// waitSidecar waits until a (re)started sidecar answers status after its
// first pass, and returns that status.
func waitSidecar(t *testing.T) {
	t.Helper()
	eventually(t, 20*time.Second, "sidecar back with a pass made", func() error {
		out, err := runHaloy("status", "--format", "json")
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		if !strings.Contains(out, `"passes":`) || strings.Contains(out, `"passes":0,`) {
			return fmt.Errorf("no pass yet")
		}
		return nil
	})
}

func startLoad(host string) *loadgen.Run {
	return loadgen.Start(loadgen.Config{Addr: fmt.Sprintf("127.0.0.1:%d", env.httpPort), Host: host, KeepAlive: 10, FreshPerSecond: 20})
}

func stopLoad(t *testing.T, load *loadgen.Run, during string) {
	t.Helper()
	res := load.Stop()
	t.Logf("load %s: %s", during, res)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("%d of %d requests failed %s: %v", res.Failures, res.Requests, during, res.Errors)
	}
}

// TestSidecarKillAndRestartCostNothing kills the sidecar, its guard and
// the sidecar again under load, leaving the recovery to them (the guard
// starts a killed sidecar, the sidecar a killed guard: Docker's restart
// policy leaves a killed container down), then restarts the sidecar: no
// request may fail and HAProxy must not reload, since nothing changed.
func TestSidecarKillAndRestartCostNothing(t *testing.T) {
	requireEngine(t)
	runLabelled(t, "steady-1", "steady", "steady.example.test")
	runLabelled(t, "steady-2", "steady", "steady.example.test")
	waitHosts(t, 30*time.Second, "steady.example.test", 2)
	reloads := haproxyReloads(t)

	load := startLoad("steady.example.test")
	for _, name := range []string{"haloy-sidecar", "haloy-guard", "haloy-sidecar"} {
		started := startedAt(t, name)
		kill := time.Now()
		docker(t, "kill", name)
		eventually(t, 5*time.Second, name+" started again by its supervisor", func() error {
			if !isRunning(t, name) || startedAt(t, name) == started {
				return fmt.Errorf("not started again")
			}
			return nil
		})
		t.Logf("docker kill %s: running again after %s", name, time.Since(kill).Round(time.Millisecond))
		waitSidecar(t)
	}
	time.Sleep(2 * time.Second)
	docker(t, "restart", "haloy-sidecar")
	waitSidecar(t)
	time.Sleep(2 * time.Second)
	stopLoad(t, load, "while the sidecar was killed and restarted")

	st := sidecarStatus(t)
	if st.HAProxy.Reloads != reloads || st.Reloads != 0 || st.RuntimeApplies != 0 {
		t.Errorf("after sidecar restarts: HAProxy reloads %d -> %d, sidecar reloads %d, runtime applies %d; want no change at all",
			reloads, st.HAProxy.Reloads, st.Reloads, st.RuntimeApplies)
	}
}

// TestHAProxyRestartRestoresState restarts HAProxy, and starts a replica
// while it is stopped: each time HAProxy comes back with every replica,
// including those the sidecar added through the runtime API. A stopped
// HAProxy stays stopped. Kills are TestHAProxyKilledComesBack's.
func TestHAProxyRestartRestoresState(t *testing.T) {
	requireEngine(t)
	runLabelled(t, "restore-1", "restore", "restore.example.test")
	waitHosts(t, 30*time.Second, "restore.example.test", 1)
	before := sidecarStatus(t).RuntimeApplies
	runLabelled(t, "restore-2", "restore", "restore.example.test")
	runLabelled(t, "restore-3", "restore", "restore.example.test")
	waitHosts(t, 30*time.Second, "restore.example.test", 3)
	if sidecarStatus(t).RuntimeApplies == before {
		t.Fatal("replicas 2 and 3 were not added through the runtime API; the test would prove nothing")
	}

	start := time.Now()
	docker(t, "restart", "haloy-haproxy")
	waitHosts(t, 15*time.Second, "restore.example.test", 3)
	t.Logf("docker restart: routing to 3 replicas again after %s", time.Since(start).Round(time.Millisecond))

	docker(t, "stop", "haloy-haproxy")
	runLabelled(t, "restore-4", "restore", "restore.example.test")
	time.Sleep(3 * time.Second) // the sidecar writes the file for the stopped HAProxy
	if isRunning(t, "haloy-haproxy") {
		t.Errorf("HAProxy stopped with docker stop was started again; a graceful stop must be left alone; sidecar log:\n%s",
			docker(t, "logs", "--tail", "10", "haloy-sidecar"))
	}
	docker(t, "start", "haloy-haproxy")
	waitHosts(t, 15*time.Second, "restore.example.test", 4)
}

// TestHAProxyKilledComesBack kills HAProxy ten times under load and
// leaves the recovery to the sidecar alone: each time, requests must be
// answered by every replica again within 3 s of the kill. The target is
// 2 s; on this shared 2-core machine Docker alone took 0.85-2.5 s from the
// kill to the container's new start (HAProxy answers 0.07-0.5 s after
// that), so the bound leaves that headroom and each run logs the split.
// Docker does not restart a killed container (docker kill counts as a
// manual stop, which unless-stopped honours), so only the sidecar can
// bring it back.
func TestHAProxyKilledComesBack(t *testing.T) {
	requireEngine(t)
	const domain, limit = "comeback.example.test", 3 * time.Second
	runLabelled(t, "comeback-1", "comeback", domain)
	waitHosts(t, 30*time.Second, domain, 1)
	runLabelled(t, "comeback-2", "comeback", domain) // added through the runtime API
	runLabelled(t, "comeback-3", "comeback", domain)
	waitHosts(t, 30*time.Second, domain, 3)
	load := startLoad(domain)
	var worst time.Duration
	for run := range 10 {
		before := load.Snapshot()
		started := startedAt(t, "haloy-haproxy")
		kill := time.Now()
		docker(t, "kill", "haloy-haproxy")
		outage, err := backWithin(domain, 3, started, kill, limit)
		after := load.Snapshot()
		restarted := startedTime(t, "haloy-haproxy").Sub(kill)
		t.Logf("run %2d: routing to 3 replicas again %s after the kill (Docker had the container started %s after the kill, HAProxy answered %s later); %d of %d requests failed meanwhile",
			run+1, outage.Round(time.Millisecond), restarted.Round(time.Millisecond), (outage - restarted).Round(time.Millisecond),
			after.Failures-before.Failures, after.Requests-before.Requests)
		if err != nil {
			t.Fatalf("run %d: HAProxy not back within %s of docker kill: %v\nsidecar log:\n%s", run+1, limit, err,
				docker(t, "logs", "--tail", "20", "haloy-sidecar"))
		}
		worst = max(worst, outage)
		time.Sleep(1500 * time.Millisecond)
	}
	res := load.Stop()
	t.Logf("10 kills: worst outage %s; load over all runs: %s", worst.Round(time.Millisecond), res)
}

// backWithin waits until the container was started again after started
// (by anyone but this test) and n replicas answer for domain, and returns
// how long after since that was, or an error once limit passed.
func backWithin(domain string, n int, started string, since time.Time, limit time.Duration) (time.Duration, error) {
	err := fmt.Errorf("no check made")
	for time.Since(since) < limit {
		if err = answeredAgain(domain, n, started); err == nil {
			return time.Since(since), nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(since), err
}

func answeredAgain(domain string, n int, started string) error {
	out, err := exec.Command("docker", "inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", "haloy-haproxy").Output()
	if err != nil {
		return fmt.Errorf("inspecting haloy-haproxy: %v", err)
	}
	if f := strings.Fields(string(out)); len(f) != 2 || f[0] != "true" || f[1] == started {
		return fmt.Errorf("haloy-haproxy not started again (running, started at: %s)", strings.TrimSpace(string(out)))
	}
	return servedByReplicas(domain, n)
}

// startedAt returns when the container last started, as Docker prints it.
func startedAt(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(docker(t, "inspect", "-f", "{{.State.StartedAt}}", name))
}

// startedTime returns when the container last started.
func startedTime(t *testing.T, name string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, startedAt(t, name))
	if err != nil {
		t.Fatalf("reading %s's start time: %v", name, err)
	}
	return at
}

// isRunning reports whether the container runs.
func isRunning(t *testing.T, name string) bool {
	t.Helper()
	return strings.TrimSpace(docker(t, "inspect", "-f", "{{.State.Running}}", name)) == "true"
}

// TestBadLabelsLeaveOthersRouting starts a container whose labels do not
// decode next to a routed app under load: it is reported and logged once,
// nothing fails and HAProxy does not reload. No label value that passes
// the labels package's validation makes `haproxy -c` reject a rendered
// configuration (health paths, domains, names and ports are all checked
// before rendering), so the rejected-candidate path is tested in
// sidecar/apply with a validator that rejects.
func TestBadLabelsLeaveOthersRouting(t *testing.T) {
	requireEngine(t)
	since := time.Now().Add(-time.Second).UTC().Format(time.RFC3339Nano)
	runLabelled(t, "calm-1", "calm", "calm.example.test")
	waitHosts(t, 30*time.Second, "calm.example.test", 1)
	// The sidecar's own count: HAProxy's may still be catching up with
	// the reload that routed calm.
	reloads := sidecarStatus(t).Reloads

	load := startLoad("calm.example.test")
	docker(t, "run", "-d", "--name", "badlabels", "--network", "haloy",
		"--label", "dev.haloy.role=app", "--label", "dev.haloy.appName=Bad App",
		"--label", "dev.haloy.port=http", "--label", "dev.haloy.domain.0=bad.example.test", "haloy/testapp:v1")
	t.Cleanup(func() { docker(t, "rm", "-f", "badlabels") })
	var problems int
	eventually(t, 10*time.Second, "badlabels reported", func() error {
		problems = 0
		for _, p := range sidecarStatus(t).Problems {
			if p.Container == "badlabels" {
				problems++
			}
		}
		if problems == 0 {
			return fmt.Errorf("no problem reported for badlabels")
		}
		return nil
	})
	passes := sidecarStatus(t).Passes
	for i, name := range []string{"calm-2", "calm-3"} { // more passes
		runLabelled(t, name, "calm", "calm.example.test")
		waitHosts(t, 30*time.Second, "calm.example.test", i+2)
	}
	stopLoad(t, load, "next to a container with bad labels")

	st := sidecarStatus(t)
	if st.Passes < passes+2 {
		t.Errorf("only %d passes after the problem appeared; the log-once check needs at least 2", st.Passes-passes)
	}
	logs := docker(t, "logs", "--since", since, "haloy-sidecar")
	if n := strings.Count(logs, `"container":"badlabels"`); n != problems {
		t.Errorf("sidecar logged badlabels %d times for %d problems over %d passes, want once each:\n%s", n, problems, st.Passes-passes, logs)
	}
	if st.Reloads != reloads {
		t.Errorf("the sidecar reloaded HAProxy %d times; bad labels and replica changes need no reload; sidecar log:\n%s", st.Reloads-reloads, logs)
	}
	if code, _, _ := get(t, "http://bad.example.test/"); code != 404 {
		t.Errorf("bad.example.test answered %d, want 404 (not routed)", code)
	}
}

// TestBurstOfContainersCoalesces scales a stack to 20 replicas at once and
// counts the sidecar's passes until all 20 take traffic. While hints keep
// coming the settle time grows to a second (reconcile.DefaultMaxSettle), so
// a burst costs about four passes plus one a second: fewer than 10 when the
// engine starts the 20 within 5 s, and never one or more per container.
func TestBurstOfContainersCoalesces(t *testing.T) {
	requireEngine(t)
	compose := composeV2(t)
	file := env.root + "/compose-examples/replicated/compose.yaml"
	before := sidecarStatus(t).Passes
	start := time.Now()
	compose.up(t, "burst", file, "--scale", "web=20")
	waitHosts(t, 60*time.Second, "replicated.example.test", 20)
	passes := sidecarStatus(t).Passes - before
	t.Logf("20 containers: %d passes, all routed %s after compose up started", passes, time.Since(start).Round(time.Millisecond))
	took := time.Since(start)
	if limit := 5 + int(took.Seconds()); passes >= 10 && passes > limit || passes >= 20 {
		t.Errorf("%d passes for a burst of 20 containers in %s, want fewer than 10 (or at most %d for a burst this slow)", passes, took.Round(time.Second), limit)
	}
}

// TestLongStreamSurvivesOtherApps keeps a long HTTP stream open to one app
// while another app is deployed (a reload), scaled and removed (a reload):
// the stream must keep receiving, line after line, without a gap.
func TestLongStreamSurvivesOtherApps(t *testing.T) {
	requireEngine(t)
	runLabelled(t, "streamer-1", "streamer", "streamer.example.test")
	waitHosts(t, 30*time.Second, "streamer.example.test", 1)
	stream := openStream(t, "streamer.example.test")
	reloads := haproxyReloads(t)

	other := strings.ReplaceAll(twoReplicaApp, "skeleton", "bystander")
	file := tempFile(t, "haloy.yaml", other)
	haloy(t, "deploy", file)
	t.Cleanup(func() { runHaloy("stop", "bystander") })
	stream.assertFlowing(t, "after deploying another app")
	writeFile(t, file, strings.ReplaceAll(other, "replicas: 2", "replicas: 4"))
	haloy(t, "deploy", file)
	stream.assertFlowing(t, "after scaling another app")
	haloy(t, "stop", "bystander")
	waitGone(t, "bystander.example.test")
	stream.assertFlowing(t, "after removing another app")

	if haproxyReloads(t) == reloads {
		t.Error("HAProxy did not reload while another app came and went; the test proved nothing")
	}
	stream.close(t)
}

// waitGone waits until domain answers 404.
func waitGone(t *testing.T, domain string) {
	t.Helper()
	eventually(t, 10*time.Second, domain+" unrouted", func() error {
		if code, _, _, err := tryGet("http://" + domain + "/"); err != nil || code != 404 {
			return fmt.Errorf("GET = %d %v", code, err)
		}
		return nil
	})
}

// stream is a GET /stream through HAProxy being read line by line.
type stream struct {
	conn net.Conn
	mu   sync.Mutex
	last int       // last line number read
	at   time.Time // when it was read
	err  error     // the first problem: a gap, a read error
	done chan struct{}
}

// openStream sends GET /stream for host on a raw connection to HAProxy and
// reads its lines in the background.
func openStream(t *testing.T, host string) *stream {
	t.Helper()
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", env.httpPort))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET /stream HTTP/1.1\r\nHost: %s\r\n\r\n", host)
	s := &stream{conn: conn, done: make(chan struct{})}
	go s.read()
	t.Cleanup(func() { conn.Close() })
	return s
}

func (s *stream) read() {
	defer close(s.done)
	r := bufio.NewReader(s.conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			s.fail(fmt.Errorf("reading the stream after line %d: %w", s.lastLine(), err))
			return
		}
		v, ok := strings.CutPrefix(strings.Fields(strings.TrimSpace(line) + " x")[0], "line=")
		if !ok {
			continue // headers and chunk sizes
		}
		var n int
		fmt.Sscan(v, &n)
		s.mu.Lock()
		if n != s.last+1 && s.err == nil {
			s.err = fmt.Errorf("line %d followed line %d", n, s.last)
		}
		s.last, s.at = n, time.Now()
		s.mu.Unlock()
	}
}

func (s *stream) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

func (s *stream) lastLine() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// assertFlowing checks that the stream had no gap or error and got a line
// within the last second (the app writes one every 100 ms).
func (s *stream) assertFlowing(t *testing.T, when string) {
	t.Helper()
	time.Sleep(500 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		t.Fatalf("stream broke %s: %v", when, s.err)
	}
	if time.Since(s.at) > time.Second {
		t.Fatalf("stream stalled %s: last line %d at %s", when, s.last, s.at.Format(time.StampMilli))
	}
	t.Logf("stream %s: line %d", when, s.last)
}

// close ends the stream and checks it ended only because of that.
func (s *stream) close(t *testing.T) {
	t.Helper()
	s.assertFlowing(t, "at the end")
	s.conn.Close()
	<-s.done
}

// TestComposeScaleDownUnderLoad scales a plain Compose stack from 3
// replicas to 1 under load: Compose stops two containers (SIGTERM; the
// test app then closes its listener and idle connections and finishes
// what is in flight), and no request may fail meanwhile.
func TestComposeScaleDownUnderLoad(t *testing.T) {
	requireEngine(t)
	compose := composeV2(t)
	file := env.root + "/compose-examples/replicated/compose.yaml"
	compose.up(t, "scaledown", file, "--scale", "web=3")
	waitHosts(t, 60*time.Second, "replicated.example.test", 3)
	load := startLoad("replicated.example.test")
	time.Sleep(time.Second)
	compose.up(t, "scaledown", file, "--scale", "web=1")
	waitHosts(t, 30*time.Second, "replicated.example.test", 1)
	time.Sleep(time.Second)
	stopLoad(t, load, "while Compose scaled 3 replicas down to 1")
	if t.Failed() {
		t.Logf("HAProxy's log:\n%s", docker(t, "logs", "--tail", "30", "haloy-haproxy"))
		t.Logf("sidecar's log:\n%s", docker(t, "logs", "--tail", "15", "haloy-sidecar"))
	}
}

// TestNetworkConnectIsFollowed starts a labelled container outside the
// haloy network and connects it afterwards: the connect event, not the
// 30 s resync, must get it routed.
func TestNetworkConnectIsFollowed(t *testing.T) {
	requireEngine(t)
	docker(t, "run", "-d", "--name", "late-net", "--label", "dev.haloy.role=app", "--label", "dev.haloy.appName=latenet",
		"--label", "dev.haloy.health-check-path=/healthz", "--label", "dev.haloy.domain.0=latenet.example.test", "haloy/testapp:v1")
	t.Cleanup(func() { docker(t, "rm", "-f", "late-net") })
	time.Sleep(time.Second)
	if code, _, _ := get(t, "http://latenet.example.test/"); code == 200 {
		t.Fatal("a container outside the haloy network was routed")
	}
	docker(t, "network", "connect", "haloy", "late-net")
	waitHosts(t, 5*time.Second, "latenet.example.test", 1)
}

// TestInitReturnsOnceHAProxyAnswers replaces HAProxy with `docker haloy
// init` three times and sends one request on a fresh connection the
// moment init returns: it must get an HTTP answer (404: no app has the
// domain), never a closed connection.
func TestInitReturnsOnceHAProxyAnswers(t *testing.T) {
	requireEngine(t)
	fresh := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := fmt.Sprintf("http://127.0.0.1:%d/", env.httpPort)
	for run := range 3 {
		docker(t, "rm", "-f", "haloy-haproxy")
		haloy(t, env.initArgs...)
		start := time.Now()
		req, _ := http.NewRequest("GET", url, nil)
		req.Host = "nobody.example.test"
		resp, err := fresh.Do(req)
		if err != nil {
			t.Fatalf("run %d: the first request after init got no answer: %v", run+1, err)
		}
		resp.Body.Close()
		t.Logf("run %d: first request after init answered %d in %s", run+1, resp.StatusCode, time.Since(start).Round(time.Millisecond))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("run %d: first request answered %d, want 404", run+1, resp.StatusCode)
		}
	}
}

// TestStopAnswersAtOnce stops a deployed app five times while a client
// sends one request after another, each on a fresh connection: no request
// sent during the stop may hang, and from the moment `docker haloy stop`
// returns every request must be answered at once (within 500 ms) with the
// 503 page or 404. Stopping the stopped app again succeeds, and the stop
// forgets the app's registrations.
func TestStopAnswersAtOnce(t *testing.T) {
	requireEngine(t)
	const domain = "stopper.example.test"
	file := tempFile(t, "haloy.yaml", strings.ReplaceAll(strings.ReplaceAll(twoReplicaApp, "skeleton", "stopper"), "    aliases: [www.stopper.example.test]\n", ""))
	t.Cleanup(func() { runHaloy("stop", "stopper") })
	for run := range 5 {
		haloy(t, "deploy", file)
		waitHosts(t, 30*time.Second, domain, 2)
		p := startProbe(domain)
		time.Sleep(300 * time.Millisecond)
		begin := time.Now()
		haloy(t, "stop", "stopper")
		stopped := time.Now()
		time.Sleep(3 * time.Second)
		answers := p.stop()
		during, after := map[string]int{}, map[string]int{}
		var worstDuring, worstAfter time.Duration
		for _, a := range answers {
			if a.at.Add(a.took).Before(begin) {
				continue
			}
			if a.at.Before(stopped) {
				during[a.result]++
				worstDuring = max(worstDuring, a.took)
				if a.took > time.Second || a.result != "200" && a.result != "503" && a.result != "404" {
					t.Errorf("run %d: a request sent %s into the stop (which took %s): %s after %s",
						run+1, a.at.Sub(begin).Round(time.Millisecond), stopped.Sub(begin).Round(time.Millisecond), a.result, a.took.Round(time.Millisecond))
				}
				continue
			}
			if a.result == "still waiting" && a.took < 500*time.Millisecond {
				continue // sent just before the probe ended
			}
			worstAfter = max(worstAfter, a.took)
			after[a.result]++
			if a.took > 500*time.Millisecond || a.result != "503" && a.result != "404" {
				t.Errorf("run %d: %s after stop returned: %s in %s, want 503 or 404 at once",
					run+1, a.at.Sub(stopped).Round(time.Millisecond), a.result, a.took.Round(time.Millisecond))
			}
		}
		if len(after) == 0 {
			t.Errorf("run %d: no request answered in the 3 s after stop returned", run+1)
		}
		t.Logf("run %d: stop took %s; during it %v (slowest %s); after it %v (slowest %s)", run+1,
			stopped.Sub(begin).Round(time.Millisecond), during, worstDuring.Round(time.Millisecond), after, worstAfter.Round(time.Millisecond))
	}
	if out := haloy(t, "stop", "stopper"); !strings.Contains(out, "already stopped") {
		t.Errorf("stopping the stopped app: %q, want it to say it is already stopped", out)
	}
	if out := docker(t, "exec", "haloy-sidecar", "/haloy-sidecar", "membership", "show"); strings.Contains(out, `"stopper"`) {
		t.Errorf("the stop left the app's registrations: %s", out)
	}
}

// answer is one probe request: when it started, how long it took and its
// status code or error.
type answer struct {
	at     time.Time
	took   time.Duration
	result string
}

// probe sends one request after another for a host, each on a fresh
// connection, and records every answer.
type probe struct {
	mu       sync.Mutex
	answers  []answer
	inflight time.Time // when the request in flight was sent
	done     chan struct{}
	exited   chan struct{}
}

func startProbe(host string) *probe {
	p := &probe{done: make(chan struct{}), exited: make(chan struct{})}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	url := fmt.Sprintf("http://127.0.0.1:%d/", env.httpPort)
	go func() {
		defer close(p.exited)
		for {
			select {
			case <-p.done:
				return
			default:
			}
			req, _ := http.NewRequest("GET", url, nil)
			req.Host = host
			start := time.Now()
			p.mu.Lock()
			p.inflight = start
			p.mu.Unlock()
			result := "no answer"
			if resp, err := client.Do(req); err == nil {
				result = fmt.Sprint(resp.StatusCode)
				resp.Body.Close()
			} else {
				result = err.Error()
			}
			p.mu.Lock()
			p.answers = append(p.answers, answer{start, time.Since(start), result})
			p.inflight = time.Time{}
			p.mu.Unlock()
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return p
}

// stop ends the probe and returns its answers, the request still in
// flight included as "still waiting".
func (p *probe) stop() []answer {
	close(p.done)
	p.mu.Lock()
	if !p.inflight.IsZero() {
		p.answers = append(p.answers, answer{p.inflight, time.Since(p.inflight), "still waiting"})
	}
	answers := slices.Clone(p.answers)
	p.mu.Unlock()
	return answers
}
