;; import_memory.wat — a module that imports its linear memory instead of defining it.
;;
;; Tests (LinkDiagnosticsTest): Clean modules always define and export their own memory; the host offers
;; only functions, so linking reports env.memory as a problem (kind "memory"), even with lenientImports.
(module
  (import "env" "memory" (memory 1))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (func (export "start") (call $print_integer (i64.const 1)))
)
