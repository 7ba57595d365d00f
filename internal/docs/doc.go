// Package docs holds no code: its tests check the README against the
// code, e.g. that every section a message points to exists.
package docs
