// Package jsonout writes the JSON that scripts read from the CLIs, in one
// style: indented, and lists never null (a nil slice prints as []), so a
// script can iterate over any list field without a null check. Keys come
// from the types' json tags, which are camelCase; Check verifies both.
package jsonout

import (
	"encoding/json"
	"io"
	"reflect"
)

// Write writes v as indented JSON to w, with every nil slice reachable
// from v written as [] (v itself is not modified).
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NoNilSlices(v))
}

// NoNilSlices returns a copy of v in which every nil slice (in fields,
// elements, map values and behind pointers) is an empty one.
func NoNilSlices(v any) any {
	if v == nil {
		return nil
	}
	return fill(reflect.ValueOf(v)).Interface()
}

// fill returns a copy of v with nil slices replaced by empty ones.
func fill(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return reflect.MakeSlice(v.Type(), 0, 0)
		}
		if v.Type().Elem().Kind() == reflect.Uint8 { // []byte is a string in JSON
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(fill(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			out.Index(i).Set(fill(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() || hasOwnMarshaler(v.Type()) {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(fill(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(fill(v.Elem()))
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), fill(it.Value()))
		}
		return out
	case reflect.Struct:
		return fillStruct(v)
	}
	return v
}

// fillStruct copies a struct, filling its exported fields; a type with its
// own MarshalJSON (time.Time, ...) is kept as it is.
func fillStruct(v reflect.Value) reflect.Value {
	if hasOwnMarshaler(v.Type()) {
		return v
	}
	out := reflect.New(v.Type()).Elem()
	out.Set(v)
	for i := range v.NumField() {
		if f := out.Field(i); v.Type().Field(i).IsExported() && f.CanSet() {
			f.Set(fill(v.Field(i)))
		}
	}
	return out
}

var marshaler = reflect.TypeFor[json.Marshaler]()

func hasOwnMarshaler(t reflect.Type) bool {
	return t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler)
}
