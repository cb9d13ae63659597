;; bench_async.wat — the async benchmark guest, lowered to the ID ABI v1 (docs/abi.md) the way a compiler
;; targeting it emits Clean's `later`: env.create_future(name, args JSON) -> id at the `later` line, the
;; first use becomes env.get_result(id) followed by env.release_future(id). Guest-owned futures
;; (future_new) use the same hypothetical syntax as reactor-bridge's ids.wat (`future f = future()`).
;; Shaped like cln 0.33 output: 32 pages of memory (max 512), bump heap behind __heap_ptr, malloc, free,
;; scope_push/scope_pop, `start`/`_start`; strings are LP pointers expanded to (content_ptr, byte_len)
;; where an import takes two values. Loop bodies are scopes: the heap is rewound after each iteration,
;; as Clean rewinds a scope's temporaries.
;;
;; Used by (benchmarks module): B1 FutureRoundTripBenchmark (roundtrips), B3 ParallelTasksBenchmark
;; (fanout, workTask), B4 PendingFutureMemory (pendingOwned, pendingJava).
;;
;; Clean source:
;;   start:
;;       integer none = 0
;;
;;   functions:
;;       integer roundtrips(integer n)         -- B1: n guest → Java → guest future round trips
;;           integer total = 0
;;           integer i = 0
;;           while i < n
;;               later v = start java.echo()    -- a Java function returning Mono.just(...)
;;               total = total + length(v)      -- first use: get_result, then release_future
;;               i = i + 1
;;           return total
;;
;;       integer pendingOwned(integer n)       -- B4: n guest-owned futures left pending
;;           future last = future()
;;           integer i = 1
;;           while i < n
;;               last = future()
;;               i = i + 1
;;           return last
;;
;;       integer pendingJava(integer n)        -- B4: n futures on a Java function whose Mono never completes
;;           integer i = 0
;;           integer last = 0
;;           while i < n
;;               later f = start java.never()   -- never awaited, never released
;;               last = f
;;               i = i + 1
;;           return last
;;
;;       integer fanout(integer n, integer iterations)   -- B3: n guest tasks in parallel, then await all
;;           list<future> tasks = []
;;           integer i = 0
;;           while i < n
;;               later t = start workTask(iterations)
;;               tasks.add(t)
;;               i = i + 1
;;           integer done = 0
;;           for t in tasks
;;               if length(t) > 0
;;                   done = done + 1
;;           return done
;;
;;       int64 workTask(integer iterations)    -- the same LCG loop as bench_cpu.wat's work; an i64
;;           return work(iterations)            -- result crosses to the awaiting guest as decimal text
;;
;;       integer work(integer iterations)
;;           integer x = 12345
;;           integer acc = 0
;;           integer i = 0
;;           while i < iterations
;;               x = x * 1103515245 + 12345
;;               acc = acc + x / 65536 % 32768
;;               i = i + 1
;;           return acc
(module
  (import "env" "float_to_string" (func $float_to_string (param f64) (result i32)))
  (import "env" "string.concat" (func $string_concat (param i32 i32) (result i32)))
  (import "env" "create_future" (func $create_future (param i32 i32 i32 i32) (result i32)))
  (import "env" "get_result" (func $get_result (param i32) (result i32)))
  (import "env" "release_future" (func $release_future (param i32)))
  (import "env" "future_new" (func $future_new (result i32)))

  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 2048))
  (export "memory" (memory 0))
  (export "__heap_ptr" (global $heap_ptr))

  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    global.get $heap_ptr
    local.set $old
    local.get $old
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
    global.set $heap_ptr
    local.get $old)
  (func $free (export "free") (param i32))
  (func $scope_push (export "scope_push") (result i32)
    global.get $heap_ptr)
  (func $scope_pop (export "scope_pop") (param i32)
    local.get 0
    global.set $heap_ptr)

  (func $start (export "start")
    (local $none i32)
    i32.const 0
    local.set $none)
  (func $_start (export "_start")
    call $start)

  ;; get_result then release_future: the lowering of the first use of a `later` variable.
  ;; A failed or cancelled future (0) traps: these benchmarks never expect one.
  (func $await (param $id i32) (result i32)
    (local $value i32)
    local.get $id
    call $get_result
    local.set $value
    local.get $id
    call $release_future
    local.get $value
    i32.eqz
    if
      unreachable
    end
    local.get $value)

  (func $roundtrips (export "roundtrips") (param $n i32) (result i32)
    (local $total i32) (local $i i32) (local $v i32) (local $scope i32)
    i32.const 0
    local.set $total
    i32.const 0
    local.set $i
    block $exit
      loop $while
        local.get $i
        local.get $n
        i32.lt_s
        i32.eqz
        br_if $exit
        call $scope_push
        local.set $scope
        i32.const 1028           ;; later v = start java.echo()
        i32.const 9
        i32.const 1044
        i32.const 2
        call $create_future
        local.set $v
        local.get $total         ;; total = total + length(v)
        local.get $v
        call $await
        i32.load
        i32.add
        local.set $total
        local.get $scope
        call $scope_pop
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $while
      end
    end
    local.get $total)

  (func $pendingOwned (export "pendingOwned") (param $n i32) (result i32)
    (local $last i32) (local $i i32)
    call $future_new
    local.set $last
    i32.const 1
    local.set $i
    block $exit
      loop $while
        local.get $i
        local.get $n
        i32.lt_s
        i32.eqz
        br_if $exit
        call $future_new
        local.set $last
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $while
      end
    end
    local.get $last)

  (func $pendingJava (export "pendingJava") (param $n i32) (result i32)
    (local $i i32) (local $last i32)
    i32.const 0
    local.set $i
    i32.const 0
    local.set $last
    block $exit
      loop $while
        local.get $i
        local.get $n
        i32.lt_s
        i32.eqz
        br_if $exit
        i32.const 1052           ;; later f = start java.never()
        i32.const 10
        i32.const 1044
        i32.const 2
        call $create_future
        local.set $last
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $while
      end
    end
    local.get $last)

  (func $fanout (export "fanout") (param $n i32) (param $iterations i32) (result i32)
    (local $args i32) (local $tasks i32) (local $i i32) (local $done i32) (local $t i32)
    i32.const 1080               ;; "[" + iterations + "]": the compiler encodes the task arguments
    local.get $iterations
    f64.convert_i32_s
    call $float_to_string
    call $string_concat
    i32.const 1088
    call $string_concat
    local.set $args
    local.get $n                 ;; list<future> tasks: n i32 ids on the heap
    i32.const 4
    i32.mul
    call $malloc
    local.set $tasks
    i32.const 0
    local.set $i
    block $exit
      loop $while
        local.get $i
        local.get $n
        i32.lt_s
        i32.eqz
        br_if $exit
        local.get $tasks         ;; tasks[i] = start workTask(iterations)
        local.get $i
        i32.const 4
        i32.mul
        i32.add
        i32.const 1068
        i32.const 8
        local.get $args
        i32.const 4
        i32.add
        local.get $args
        i32.load
        call $create_future
        i32.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $while
      end
    end
    i32.const 0
    local.set $done
    i32.const 0
    local.set $i
    block $exit2
      loop $for
        local.get $i
        local.get $n
        i32.lt_s
        i32.eqz
        br_if $exit2
        local.get $tasks
        local.get $i
        i32.const 4
        i32.mul
        i32.add
        i32.load
        call $await
        local.set $t
        local.get $t
        i32.load
        i32.const 0
        i32.gt_s
        if
          local.get $done
          i32.const 1
          i32.add
          local.set $done
        end
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $for
      end
    end
    local.get $done)

  (func $workTask (export "workTask") (param $iterations i32) (result i64)
    local.get $iterations
    call $work
    i64.extend_i32_s)

  (func $work (export "work") (param $iterations i32) (result i32)
    (local $x i32) (local $acc i32) (local $i i32)
    i32.const 12345
    local.set $x
    i32.const 0
    local.set $acc
    i32.const 0
    local.set $i
    block $exit
      loop $while
        local.get $i
        local.get $iterations
        i32.lt_s
        i32.eqz
        br_if $exit
        local.get $x
        i32.const 1103515245
        i32.mul
        i32.const 12345
        i32.add
        local.set $x
        local.get $acc
        local.get $x
        i32.const 65536
        i32.div_s
        i32.const 32768
        i32.rem_s
        i32.add
        local.set $acc
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $while
      end
    end
    local.get $acc)

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 1024) "\09\00\00\00java.echo")   ;; LP javaEcho
  (data (i32.const 1040) "\02\00\00\00[]")          ;; LP noArgs
  (data (i32.const 1048) "\0a\00\00\00java.never")  ;; LP javaNever
  (data (i32.const 1064) "\08\00\00\00workTask")    ;; LP workTask
  (data (i32.const 1080) "\01\00\00\00[")           ;; LP jsonOpen
  (data (i32.const 1088) "\01\00\00\00]")           ;; LP jsonClose
)
