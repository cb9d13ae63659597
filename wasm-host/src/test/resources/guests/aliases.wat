;; aliases.wat: imports under registry aliases, auto-aliases and overloads, for LinkDiagnosticsTest-style
;; checks of how the linker resolves names (ImportResolutionTest). Never instantiated with a failing import.
(module
  (import "env" "i18n.set_locale" (func (param i32 i32)))                 ;; auto-alias of _i18n_set_locale
  (import "env" "arena.scope_push" (func (result i32)))                   ;; explicit alias of _arena_scope_push
  (import "env" "tc" (func (param i32 i32 i32 i32 i32) (result i32)))     ;; explicit alias, count declared i32
  (import "env" "string_compare" (func (param i64 i64) (result i32)))     ;; no overload accepts i64
  (import "env" "string.concat" (func (param i32 i32 i32 i32) (result i32))) ;; alias + (ptr, len) overload
  (import "env" "json.frobnicate" (func (param i32) (result i32)))        ;; no primary _json_frobnicate
  (import "env" "async.fire" (func (param i32 i32 i32 i32)))              ;; alias of an async import
  (memory (export "memory") 1))
