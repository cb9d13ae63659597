;; time_imports.wat: conformance guest for _time_now (also imported as its alias time.now), lowered as
;; cln 0.33 lowers:
;;
;;   start:
;;       integer a = _time_now()
;;       integer b = time.now()
;;       printl(a > 1700000000)            // true: Unix seconds, not milliseconds
;;       printl(b - a >= 0 and b - a < 5)  // true
;;
;; Expected: "true\ntrue\n" (ConformanceGuestsTest).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "_time_now" (func $time_now (result i64)))
  (import "env" "time.now" (func $time_dot_now (result i64)))

  (memory (;0;) 32 512)
  (global $heap (mut i32) (i32.const 16384))
  (export "memory" (memory 0))
  (export "__heap_ptr" (global $heap))
  ;; cln 0.33's allocator: 8-byte aligned bump pointer, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param i32) (result i32)
    (local i32 i32 i32)
    global.get $heap
    local.set 1
    local.get 0
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    local.set 2
    local.get 1
    local.get 2
    i32.add
    local.set 3
    local.get 3
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get 3
      i32.const 16
      i32.shr_u
      memory.size
      i32.sub
      i32.const 1
      i32.add
      memory.grow
      i32.const -1
      i32.eq
      if
        i32.const 0
        return
      end
    end
    local.get 3
    global.set $heap
    local.get 1
  )
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32)
    global.get $heap
  )
  (func (export "scope_pop") (param i32)
    local.get 0
    global.set $heap
  )
  (func $start (export "start")
    (local i64 i64 i64)
    call $time_now
    local.set 0
    call $time_dot_now
    local.set 1
    local.get 0
    i64.const 1700000000
    i64.gt_s
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    local.get 0
    i64.sub
    local.tee 2
    i64.const 0
    i64.ge_s
    local.get 2
    i64.const 5
    i64.lt_s
    i32.and
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
  )
  (func (export "_start")
    call $start
  )
)
