;; grow.wat — memory that grows on request, and a start function that prints.
;;
;; Tests (HostErrorsTest, OutOfMemoryProbe): memory.grow towards a high page cap in a small heap raises
;; OutOfMemoryError inside the guest call, which must end the call with CleanMemoryException; an Error thrown
;; by the console while the start function runs at instantiation must end newInstance() typed.
;;   grow(pages) -> previous size or -1     say()  prints "hi" through env.printl
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "say") (call $printl (i32.const 16) (i32.const 2)))
)
