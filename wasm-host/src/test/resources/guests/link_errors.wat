;; link_errors.wat — a module the host cannot fully link.
;;
;; Tests (LinkDiagnosticsTest):
;;   - strict linking fails with ONE CleanLinkException listing all three problems:
;;       env.frobnicate   (unknown function)
;;       acme.mystery     (unknown module and function)
;;       env.printl       declared (f64) but the host offers (i32, i32)
;;   - lenientImports(true) links it; call_unknown / call_bad_printl reach an unresolved import and must
;;     throw CleanLinkException naming it (never return 0); safe touches none and works.
;;
;; Not Clean output (Clean never emits these), but shaped like it: memory, malloc, __heap_ptr, scope marks.
(module
  (import "env" "frobnicate" (func $frobnicate (param i32) (result i32)))
  (import "acme" "mystery" (func $mystery))
  (import "env" "printl" (func $printl_wrong (param f64)))
  (import "env" "print_integer" (func $print_integer (param i64)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    (local.set $old (global.get $heap))
    (local.set $end (i32.add (local.get $old)
                             (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.add (i32.sub (i32.shr_u (local.get $end) (i32.const 16)) (memory.size))
                                          (i32.const 1)))
                    (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $old))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  (func (export "call_unknown") (result i32) (call $frobnicate (i32.const 5)))
  (func (export "call_mystery") (call $mystery))
  (func (export "call_bad_printl") (call $printl_wrong (f64.const 1.5)))
  (func (export "safe") (result i32)
    (call $print_integer (i64.const 42))
    (i32.const 42))
)
