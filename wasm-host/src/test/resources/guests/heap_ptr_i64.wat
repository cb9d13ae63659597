;; heap_ptr_i64.wat — a Clean-shaped guest whose __heap_ptr is a mutable i64 (the host writes an i32 there).
;;
;; Tests (HostErrorsTest): CleanHost.Builder.build() fails with CleanModuleException naming __heap_ptr,
;; "global i64" and "global i32".
(module
  (memory (export "memory") 1)
  (global $heap (export "__heap_ptr") (mut i64) (i64.const 1024))
  (func (export "malloc") (param i32) (result i32) (i32.const 1024))
)
