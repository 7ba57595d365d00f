package tree

import (
	"fmt"
	"strings"

	"github.com/haloydev/haloy/config"
)

// LoadApps reads the haloy.yaml at path (default config.DefaultFileName) and
// keeps the apps named in only (all when empty).
func LoadApps(path string, only []string) ([]config.App, error) {
	if path == "" {
		path = config.DefaultFileName
	}
	apps, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if len(only) == 0 {
		return apps, nil
	}
	var out []config.App
	for _, name := range only {
		app, ok := findApp(apps, name)
		if !ok {
			return nil, fmt.Errorf("%s has no app %q (it has: %s)", path, name, strings.Join(AppNames(apps), ", "))
		}
		out = append(out, app)
	}
	return out, nil
}

func findApp(apps []config.App, name string) (config.App, bool) {
	for _, a := range apps {
		if a.Name == name {
			return a, true
		}
	}
	return config.App{}, false
}

// AppNames lists the apps' names, in order.
func AppNames(apps []config.App) []string {
	names := make([]string, len(apps))
	for i, a := range apps {
		names[i] = a.Name
	}
	return names
}

// orDefault is v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// loadApps is LoadApps under the name the commands use.
var loadApps = LoadApps
