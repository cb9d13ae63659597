;; start_prints.wat — a module whose WebAssembly start function calls an import while it is instantiated.
;;
;; Tests (HostErrorsTest): an Error thrown by the console during instantiation ends newInstance() with a
;; typed exception (CleanMemoryException for OutOfMemoryError, CleanModuleException otherwise).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "starting")
  (func $init (call $printl (i32.const 16) (i32.const 8)))
  (start $init)
)
