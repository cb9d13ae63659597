;; bad_host_exports.wat — exports the names the host relies on, with the wrong types.
;;
;; Tests (HostErrorsTest): CleanHost.Builder.build() fails with CleanModuleException naming each export, the
;; declared and the expected type (docs/abi.md, "Exports the host uses"). Before issue 10 the first string
;; the host passed called this malloc with an i32 and failed with a wrapped NullPointerException.
;;   malloc       (i64) -> i64 instead of (i32) -> i32
;;   __heap_ptr   an immutable i32 global instead of a mutable one
;;   memory       a global instead of the linear memory (which is exported as "mem")
(module
  (memory (export "mem") 1)
  (global (export "__heap_ptr") i32 (i32.const 1024))
  (global (export "memory") i32 (i32.const 0))
  (func (export "malloc") (param i64) (result i64) (local.get 0))
  (func (export "echo") (param i32) (result i32) (local.get 0))
)
