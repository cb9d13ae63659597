;; bench_cpu.wat — the synchronous benchmark guest (no async imports, so a plain CleanHost links it and
;; the benchmarks can hold a CleanInstance directly as the baseline for the runtime's overhead).
;; Shaped like cln 0.33 output: 32 pages of memory (max 512), a bump heap above the data segments whose
;; pointer is the exported global __heap_ptr, malloc (8-byte aligned, grows memory, 0 when it cannot),
;; a no-op free, scope_push/scope_pop heap marks, `start` and its `_start` wrapper.
;;
;; Used by (benchmarks module): B2 RuntimeCallBenchmark (inc), B3 ParallelTasksBenchmark (work),
;; B5 ExecutionModeBenchmark (work), B6 InstanceAcquireBenchmark (the whole module).
;;
;; Clean source:
;;   start:
;;       integer warm = work(10)
;;
;;   functions:
;;       integer inc(integer x)
;;           return x + 1
;;
;;       integer work(integer iterations)      -- CPU-bound: a linear congruential generator
;;           integer x = 12345
;;           integer acc = 0
;;           integer i = 0
;;           while i < iterations
;;               x = x * 1103515245 + 12345
;;               acc = acc + x / 65536 % 32768
;;               i = i + 1
;;           return acc
(module
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 1024))
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
    (local $warm i32)
    i32.const 10
    call $work
    local.set $warm)
  (func $_start (export "_start")
    call $start)

  (func $inc (export "inc") (param $x i32) (result i32)
    local.get $x
    i32.const 1
    i32.add)

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
)
