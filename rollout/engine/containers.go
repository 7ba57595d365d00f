package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// Container is a container found by label.
type Container struct {
	ID      string
	Name    string
	Image   string
	ImageID string
	State   string
	Status  string
	Labels  map[string]string
	Created int64
}

// ListByLabel returns all containers (running or not) with label key=value
// (or just the key when value is ""), sorted by name.
func (e *Engine) ListByLabel(ctx context.Context, key, value string) ([]Container, error) {
	filter := key
	if value != "" {
		filter += "=" + value
	}
	res, err := e.api.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: make(client.Filters).Add("label", filter)})
	if err != nil {
		return nil, fmt.Errorf("listing containers with label %s: %w", filter, err)
	}
	out := make([]Container, 0, len(res.Items))
	for _, s := range res.Items {
		out = append(out, fromSummary(s))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func fromSummary(s container.Summary) Container {
	name := ""
	if len(s.Names) > 0 {
		name = strings.TrimPrefix(s.Names[0], "/")
	}
	return Container{ID: s.ID, Name: name, Image: s.Image, ImageID: s.ImageID, State: string(s.State), Status: s.Status, Labels: s.Labels, Created: s.Created}
}

// Logs returns the last tail lines of a container's output.
func (e *Engine) Logs(ctx context.Context, id string, tail int) (string, error) {
	res, err := e.api.ContainerLogs(ctx, id, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true, Tail: strconv.Itoa(tail)})
	if err != nil {
		return "", fmt.Errorf("reading logs of %s: %w", shortID(id), err)
	}
	defer res.Close()
	var buf bytes.Buffer
	if _, err := stdcopy.StdCopy(&buf, &buf, res); err != nil && err != io.EOF {
		return buf.String(), fmt.Errorf("reading logs of %s: %w", shortID(id), err)
	}
	return buf.String(), nil
}
