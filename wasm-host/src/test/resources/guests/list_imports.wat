;; list_imports.wat: conformance guest for list.push_f64, lowered as cln 0.33 lowers a number-list literal
;; (the list is allocated in the module: header [len, cap, type, flags] then 8-byte elements, here with
;; capacity 4; each element is appended with list.push_f64, whose result is the list from then on):
;;
;;   start:
;;       list<number> xs = [1.5, 2.5, 3.5, 4.5, 5.5]
;;       printl(xs.length())        // 5
;;       printl(xs.capacity())      // 8: the fifth push found the list full and the host moved it
;;       for x in xs: print(x + " ")
;;       printl("")                 // 1.5 2.5 3.5 4.5 5.5
;;       printl(moved)              // true (the pointer returned by the fifth push differs)
;;       printl(old.length())       // 4: the full list is left as it was
;;
;; Expected: "5\n8\n1.5 2.5 3.5 4.5 5.5 \ntrue\n4\n" (ConformanceGuestsTest).
(module
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "list.push_f64" (func $push_f64 (param i32 f64) (result i32)))

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
    (local i32 i32 i32)
    i32.const 48
    call $malloc
    local.set 0
    local.get 0
    i32.const 0
    i32.store
    local.get 0
    i32.const 4
    i32.store offset=4
    local.get 0
    i32.const 2
    i32.store offset=8
    local.get 0
    i32.const 0
    i32.store offset=12
    local.get 0
    local.set 1
    local.get 1
    f64.const 1.5
    call $push_f64
    local.set 1
    local.get 1
    f64.const 2.5
    call $push_f64
    local.set 1
    local.get 1
    f64.const 3.5
    call $push_f64
    local.set 1
    local.get 1
    f64.const 4.5
    call $push_f64
    local.set 1
    local.get 1
    f64.const 5.5
    call $push_f64
    local.set 1
    local.get 1
    i32.load
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    i32.load offset=4
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 0
    local.set 2
    block
      loop
        local.get 2
        local.get 1
        i32.load
        i32.ge_u
        br_if 1
        local.get 1
        i32.const 16
        i32.add
        local.get 2
        i32.const 8
        i32.mul
        i32.add
        f64.load
        call $print_float
        i32.const 4100
        i32.const 1
        call $print
        local.get 2
        i32.const 1
        i32.add
        local.set 2
        br 0
      end
    end
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    local.get 0
    i32.ne
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    local.get 0
    i32.load
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
  )
  (func (export "_start")
    call $start
  )
  (data (i32.const 4096) "\01\00\00\00 ")  ;; " "
)
