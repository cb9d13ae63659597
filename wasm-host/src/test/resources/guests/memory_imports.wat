;; memory_imports.wat: conformance guest for the arena imports (and the memory_runtime ones), lowered as
;; cln 0.33 lowers a function whose temporaries live in arena scopes:
;;
;;   start:
;;       mem_scope_push()
;;       h1 = _arena_scope_push()             // 1
;;       a = allocate(100)                    // kept
;;       h2 = arena.scope_push()              // 2 (alias)
;;       b = allocate(4000)                   // temporary
;;       _arena_scope_pop(h2)                 // the heap is back where it was after a
;;       printl(h1); printl(h2)               // 1, 2
;;       printl(heap == after_a)              // true
;;       arena.scope_pop(h1)                  // alias; back to the start
;;       printl(heap == start)                // true
;;       printl(mem_alloc(1, 24) != 0)        // true; then mem_retain, mem_release, mem_scope_pop
;;
;; Expected: "1\n2\ntrue\ntrue\ntrue\n" (ConformanceGuestsTest).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "_arena_scope_push" (func $arena_push (result i32)))
  (import "env" "arena.scope_push" (func $arena_dot_push (result i32)))
  (import "env" "_arena_scope_pop" (func $arena_pop (param i32)))
  (import "env" "arena.scope_pop" (func $arena_dot_pop (param i32)))
  (import "memory_runtime" "mem_alloc" (func $mem_alloc (param i32 i32) (result i32)))
  (import "memory_runtime" "mem_retain" (func $mem_retain (param i32)))
  (import "memory_runtime" "mem_release" (func $mem_release (param i32)))
  (import "memory_runtime" "mem_scope_push" (func $mem_scope_push))
  (import "memory_runtime" "mem_scope_pop" (func $mem_scope_pop))

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
    (local i32 i32 i32 i32 i32)
    call $mem_scope_push
    global.get $heap
    local.set 0
    call $arena_push
    local.set 1
    i32.const 100
    call $malloc
    drop
    global.get $heap
    local.set 2
    call $arena_dot_push
    local.set 3
    i32.const 4000
    call $malloc
    drop
    local.get 3
    call $arena_pop
    local.get 1
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    local.get 3
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    global.get $heap
    local.get 2
    i32.eq
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    call $arena_dot_pop
    global.get $heap
    local.get 0
    i32.eq
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const 1
    i32.const 24
    call $mem_alloc
    local.tee 4
    i32.const 0
    i32.ne
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    local.get 4
    call $mem_retain
    local.get 4
    call $mem_release
    call $mem_scope_pop
  )
  (func (export "_start")
    call $start
  )
)
