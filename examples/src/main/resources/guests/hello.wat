;; The runner's bundled demo guest, lowered by hand the way cln 0.33 lowers this Clean program:
;;
;;   start:
;;       string who = "Clean on the JVM"
;;       printl("Hello from " + who + "!")
;;       integer total = 0
;;       iterate i in 1 to 10
;;           total = total + i
;;       print("sum of 1..10 = ")
;;       print(total)
;;       printl("")
;;       printl("pi is about " + (22.0 / 7.0).toString())
;;
;; Imports and memory conventions are those of real cln 0.33 output (see docs/abi.md).
(module
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "float_to_string" (func $float_to_string (param f64) (result i32)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  ;; LP strings: [u32 length][UTF-8 bytes]
  (data (i32.const 1024) "\0b\00\00\00Hello from ")
  (data (i32.const 1040) "\10\00\00\00Clean on the JVM")
  (data (i32.const 1064) "\01\00\00\00!")
  (data (i32.const 1072) "\0f\00\00\00sum of 1..10 = ")
  (data (i32.const 1096) "\0c\00\00\00pi is about ")

  ;; Clean's bump allocator: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    global.get $heap
    local.set $ptr
    local.get $ptr
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    i32.add
    local.set $end
    local.get $end
    memory.size
    i32.const 16
    i32.shl
    i32.gt_u
    if
      local.get $end
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
    local.get $end
    global.set $heap
    local.get $ptr)
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; printl of an LP string
  (func $printl_lp (param $s i32)
    local.get $s
    i32.const 4
    i32.add
    local.get $s
    i32.load
    call $printl)

  (func $start (export "start")
    (local $total i64) (local $i i64)
    ;; printl("Hello from " + who + "!")
    i32.const 1024
    i32.const 1040
    call $concat
    i32.const 1064
    call $concat
    call $printl_lp
    ;; iterate i in 1 to 10: total = total + i
    i64.const 1
    local.set $i
    block $done
      loop $next
        local.get $total
        local.get $i
        i64.add
        local.set $total
        local.get $i
        i64.const 1
        i64.add
        local.tee $i
        i64.const 10
        i64.le_s
        br_if $next
      end
    end
    ;; print("sum of 1..10 = "); print(total); printl("")
    i32.const 1076
    i32.const 15
    call $print
    local.get $total
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    ;; printl("pi is about " + (22.0 / 7.0).toString())
    i32.const 1096
    f64.const 22
    f64.const 7
    f64.div
    call $float_to_string
    call $concat
    call $printl_lp)
  (func (export "_start") call $start))
