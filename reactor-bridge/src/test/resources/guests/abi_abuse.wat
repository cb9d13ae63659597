;; abi_abuse.wat — a misbehaving guest on the ID ABI v1 (docs/abi.md): one export per ABI call, taking the
;; future id (declared i32, as Clean declares integers) and strings from the Java caller, so tests can drive
;; any call on any id — unknown, negative, released, stale, of the wrong kind — and any task name or argument
;; JSON. Plus tasks that misbehave: trap, recurse without bound, loop forever, spawn without bound, leak a
;; future from a call that then traps.
;;
;; Not Clean output (the compiler never lets a program pass a raw id), but shaped like it: memory, malloc,
;; __heap_ptr and scope_push/scope_pop follow cln 0.33's runtime conventions; strings are LP pointers,
;; expanded to (content_ptr, byte_len) where an import takes two values.
;;
;; Used by AbiMisuseTest, BoundedQueueTest, CapabilitiesTest, AbiModelTest and SoakTest.
;;
;;   status(id) -> i32          env.future_status
;;   result(id) -> string       env.get_result; "<none>" when it returns 0 (failed or cancelled)
;;   error(id) -> string        env.future_error; "<none>" when it returns 0
;;   cancel(id) -> i32          env.cancel_future
;;   resolve(id, v) -> i32      env.resolve_future
;;   reject(id, m) -> i32       env.reject_future
;;   release(id)                env.release_future
;;   newFuture() -> i32         env.future_new
;;   create(name, args) -> i32  env.create_future
;;   spawn(name, args) -> i32   env.spawn_task
;;   run(name, args) -> string  create_future, get_result, release_future: the value, or "failed: " + error
;;   later(name, args) -> string  env._async_await (cln 0.33): a failed task fails the call
;;   fire(name, args)           env._async_fire
;;   spawnThenLater(a, b) -> string  spawn_task(a, "[]") then _async_await(b, "[]")
;;   hello() -> "hello"; echo(s) -> s; nap(ms i64) sleeps; boom() traps; spin() loops forever;
;;   recurse(n) recurses without bound; flood() spawns "gate" tasks in a loop until the host refuses;
;;   leak() prints a future_new id, then traps; stuck() awaits its own future_new;
;;   readLine() -> string       env.input("name? ")
;;   createThenRead(name, args) -> i32  create_future(name, args), then env.input("name? "), then returns the id
(module
  (import "env" "print_integer" (func $print_integer (param i32)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "input" (func $input (param i32) (result i32)))
  (import "env" "_server_sleep" (func $sleep (param i64)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (import "env" "_async_fire" (func $async_fire (param i32 i32 i32 i32)))
  (import "env" "spawn_task" (func $spawn_task (param i32 i32 i32 i32) (result i32)))
  (import "env" "create_future" (func $create_future (param i32 i32 i32 i32) (result i32)))
  (import "env" "future_status" (func $future_status (param i32) (result i32)))
  (import "env" "get_result" (func $get_result (param i32) (result i32)))
  (import "env" "future_error" (func $future_error (param i32) (result i32)))
  (import "env" "cancel_future" (func $cancel_future (param i32) (result i32)))
  (import "env" "future_new" (func $future_new (result i32)))
  (import "env" "resolve_future" (func $resolve_future (param i32 i32 i32) (result i32)))
  (import "env" "reject_future" (func $reject_future (param i32 i32 i32) (result i32)))
  (import "env" "release_future" (func $release_future (param i32)))

  (memory (export "memory") 2 64)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 8192))
  (global $counter (mut i32) (i32.const 0))

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
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) (global.get $heap))
  (func (export "scope_pop") (param i32) (global.set $heap (local.get 0)))

  ;; LP string -> (content_ptr, byte_len)
  (func $ptr (param $s i32) (result i32) (i32.add (local.get $s) (i32.const 4)))
  (func $len (param $s i32) (result i32) (i32.load (local.get $s)))
  ;; 0 -> "<none>"
  (func $orNone (param $s i32) (result i32)
    (if (result i32) (local.get $s) (then (local.get $s)) (else (i32.const 4112))))

  ;; ---- one export per ID ABI call
  (func (export "status") (param $id i32) (result i32)
    (call $future_status (local.get $id)))
  (func (export "result") (param $id i32) (result i32)
    (call $orNone (call $get_result (local.get $id))))
  (func (export "error") (param $id i32) (result i32)
    (call $orNone (call $future_error (local.get $id))))
  (func (export "cancel") (param $id i32) (result i32)
    (call $cancel_future (local.get $id)))
  (func (export "resolve") (param $id i32) (param $v i32) (result i32)
    (call $resolve_future (local.get $id) (call $ptr (local.get $v)) (call $len (local.get $v))))
  (func (export "reject") (param $id i32) (param $m i32) (result i32)
    (call $reject_future (local.get $id) (call $ptr (local.get $m)) (call $len (local.get $m))))
  (func (export "release") (param $id i32)
    (call $release_future (local.get $id)))
  (func (export "newFuture") (result i32)
    (call $future_new))
  (func (export "create") (param $name i32) (param $args i32) (result i32)
    (call $create_future (call $ptr (local.get $name)) (call $len (local.get $name))
                         (call $ptr (local.get $args)) (call $len (local.get $args))))
  (func (export "spawn") (param $name i32) (param $args i32) (result i32)
    (call $spawn_task (call $ptr (local.get $name)) (call $len (local.get $name))
                      (call $ptr (local.get $args)) (call $len (local.get $args))))

  ;; later x = start name(args); x — with the ID ABI: the value, or "failed: " + the error
  (func (export "run") (param $name i32) (param $args i32) (result i32)
    (local $id i32) (local $x i32)
    (local.set $id (call $create_future (call $ptr (local.get $name)) (call $len (local.get $name))
                                        (call $ptr (local.get $args)) (call $len (local.get $args))))
    (local.set $x (call $get_result (local.get $id)))
    (if (i32.eqz (local.get $x))
      (then (local.set $x (call $concat (i32.const 4128) (call $orNone (call $future_error (local.get $id)))))))
    (call $release_future (local.get $id))
    (local.get $x))

  ;; the cln 0.33 imports
  (func (export "later") (param $name i32) (param $args i32) (result i32)
    (call $async_await (call $ptr (local.get $name)) (call $len (local.get $name))
                       (call $ptr (local.get $args)) (call $len (local.get $args))))
  (func (export "fire") (param $name i32) (param $args i32)
    (call $async_fire (call $ptr (local.get $name)) (call $len (local.get $name))
                      (call $ptr (local.get $args)) (call $len (local.get $args))))
  (func (export "spawnThenLater") (param $a i32) (param $b i32) (result i32)
    (drop (call $spawn_task (call $ptr (local.get $a)) (call $len (local.get $a)) (i32.const 4148) (i32.const 2)))
    (call $async_await (call $ptr (local.get $b)) (call $len (local.get $b)) (i32.const 4148) (i32.const 2)))

  ;; ---- tasks
  (func (export "hello") (result i32) (i32.const 4096))
  (func (export "echo") (param $s i32) (result i32) (local.get $s))
  (func (export "nap") (param $ms i64) (call $sleep (local.get $ms)))
  (func (export "boom") (result i32) unreachable)
  (func (export "spin")
    (loop $again
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (br_if $again (i32.const 1))))
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  ;; background gate() until the host refuses (maxPendingFutures)
  (func (export "flood")
    (loop $again
      (drop (call $spawn_task (i32.const 4156) (i32.const 4) (i32.const 4148) (i32.const 2)))
      (br $again)))
  ;; a guest-owned future whose call then dies: the host must cancel and forget it
  (func (export "leak")
    (call $print_integer (call $future_new))
    unreachable)
  ;; await f where f = future(): nobody else can ever resolve it
  (func (export "stuck") (result i32)
    (call $get_result (call $future_new)))
  (func (export "readLine") (result i32)
    (call $input (i32.const 4160)))
  ;; a call that returns a future id after a host call that ignores interrupts (as reading stdin does)
  (func (export "createThenRead") (param $name i32) (param $args i32) (result i32)
    (local $id i32)
    (local.set $id (call $create_future (call $ptr (local.get $name)) (call $len (local.get $name))
                                        (call $ptr (local.get $args)) (call $len (local.get $args))))
    (drop (call $input (i32.const 4160)))
    (local.get $id))

  ;; ---- data: LP strings [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\05\00\00\00hello")
  (data (i32.const 4112) "\06\00\00\00<none>")
  (data (i32.const 4128) "\08\00\00\00failed: ")
  (data (i32.const 4144) "\02\00\00\00[]")
  (data (i32.const 4152) "\04\00\00\00gate")
  (data (i32.const 4160) "\06\00\00\00name? ")
)
