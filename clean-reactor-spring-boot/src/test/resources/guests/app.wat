;; app.wat — a copy of examples/webflux's guest (webflux.wat) for the starter's tests; see that file for the program.
;; program (exported memory, bump malloc, __heap_ptr, scope_push/scope_pop, LP string literals,
;; memory_runtime scopes around loop bodies), except that `later` / `background` / implicit await target
;; the ID ABI v1 (create_future / spawn_task / get_result / release_future) that a fixed compiler emits,
;; with the call's arguments encoded as a JSON array. Imports are typed exactly as docs/abi.md lists them.
;;
;;   start:
;;       printl("webflux guest ready")
;;
;;   functions:
;;       // GET /greet/{name}: answers at once, audits in the background
;;       string greet(string name)
;;           printl("greet: " + name)
;;           background audit()
;;           return "Hello, " + name + "!"
;;
;;       string audit()
;;           server.sleep(10)
;;           printl("audit: greeting served")
;;           return "audited"
;;
;;       // GET /report/{id}: a Java function and a guest function in parallel, both awaited
;;       string report(integer id)
;;           later user = start db.findUser(id)       // the app's repository (Java, a Mono)
;;           later points = start loyalty(id)         // guest code, on its own pooled instance
;;           return "{\"id\":" + id.toString() + ",\"user\":" + user + ",\"loyalty\":" + points + "}"
;;
;;       string loyalty(integer id)
;;           integer points = (id * 37) % 1000
;;           string tier = "silver"
;;           if points >= 500
;;               tier = "gold"
;;           return "{\"tier\":\"" + tier + "\",\"points\":" + points.toString() + "}"
;;
;;       // GET /ratio/{a}/{b}: b = 0 traps (integer divide by zero)
;;       integer ratio(integer a, integer b)
;;           return a / b
;;
;;       // GET /spin: never returns by itself; a deadline or a cancelled request stops it
;;       integer spin()
;;           integer n = 0
;;           while true
;;               n = n + 1
;;           return n
;;
;;       // POST /jobs/{n}: starts square(n) and hands out the future's id (ID ABI: the guest owns it)
;;       integer submit(integer n)
;;           later squared = start square(n)
;;           return squared.id
;;
;;       string square(integer n)
;;           server.sleep(20)
;;           return (n * n).toString()
;;
;;       // DELETE /jobs/{id}: the guest is done with the id
;;       forget(integer id)
;;           release(id)
;;
;; Implicit await of `later x` lowers to get_result(x); a failed or cancelled future (result 0) reports
;; future_error(x) through env.error, releases every future of the function's scope, and traps, the way
;; cln 0.33's _async_await fails the whole call. On success the scope's futures are released after use.
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "error" (func $error (param i32) (result i32)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "_server_sleep" (func $server_sleep (param i64)))
  (import "memory_runtime" "mem_scope_push" (func $mem_scope_push))
  (import "memory_runtime" "mem_scope_pop" (func $mem_scope_pop))
  (import "env" "spawn_task" (func $spawn_task (param i32 i32 i32 i32) (result i32)))
  (import "env" "create_future" (func $create_future (param i32 i32 i32 i32) (result i32)))
  (import "env" "get_result" (func $get_result (param i32) (result i32)))
  (import "env" "future_error" (func $future_error (param i32) (result i32)))
  (import "env" "release_future" (func $release_future (param i32)))

  (memory (export "memory") 2 256)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  ;; String literals, LP: [u32 little-endian byte length][UTF-8 bytes], 8-byte aligned.
  (data (i32.const 1024) "\07\00\00\00Hello, ")  ;; "Hello, " (7 bytes)
  (data (i32.const 1040) "\01\00\00\00!")  ;; "!" (1 byte)
  (data (i32.const 1048) "\07\00\00\00greet: ")  ;; "greet: " (7 bytes)
  (data (i32.const 1064) "\05\00\00\00audit")  ;; task name "audit" (5 bytes)
  (data (i32.const 1080) "\02\00\00\00[]")  ;; no arguments (2 bytes)
  (data (i32.const 1088) "\16\00\00\00audit: greeting served")  ;; (22 bytes)
  (data (i32.const 1120) "\07\00\00\00audited")  ;; (7 bytes)
  (data (i32.const 1136) "\0b\00\00\00db.findUser")  ;; task name (11 bytes)
  (data (i32.const 1152) "\07\00\00\00loyalty")  ;; task name (7 bytes)
  (data (i32.const 1168) "\01\00\00\00[")  ;; (1 byte)
  (data (i32.const 1176) "\01\00\00\00]")  ;; (1 byte)
  (data (i32.const 1184) "\06\00\00\00{\22id\22:")  ;; {"id": (6 bytes)
  (data (i32.const 1200) "\08\00\00\00,\22user\22:")  ;; ,"user": (8 bytes)
  (data (i32.const 1216) "\0b\00\00\00,\22loyalty\22:")  ;; ,"loyalty": (11 bytes)
  (data (i32.const 1232) "\01\00\00\00}")  ;; } (1 byte)
  (data (i32.const 1240) "\09\00\00\00{\22tier\22:\22")  ;; {"tier":" (9 bytes)
  (data (i32.const 1256) "\04\00\00\00gold")  ;; (4 bytes)
  (data (i32.const 1264) "\06\00\00\00silver")  ;; (6 bytes)
  (data (i32.const 1280) "\0b\00\00\00\22,\22points\22:")  ;; ","points": (11 bytes)
  (data (i32.const 1296) "\06\00\00\00square")  ;; task name (6 bytes)
  (data (i32.const 1312) "\13\00\00\00webflux guest ready")  ;; (19 bytes)

  ;; ---- Clean's runtime: bump allocator (8-byte aligned, grows memory, 0 when it cannot) ----
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $ptr i32) (local $aligned i32) (local $end i32)
    global.get $heap
    local.set $ptr
    local.get $size
    i32.const 7
    i32.add
    i32.const -8
    i32.and
    local.set $aligned
    local.get $ptr
    local.get $aligned
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
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; integer.toString (cln's int_to_string helper): a new LP string with the decimal digits
  (func $int_to_string (export "int_to_string") (param $value i32) (result i32)
    (local $negative i32) (local $abs i32) (local $digits i32) (local $rest i32) (local $str i32) (local $pos i32)
    local.get $value
    i32.const 0
    i32.lt_s
    local.set $negative
    local.get $negative
    if (result i32)
      i32.const 0
      local.get $value
      i32.sub
    else
      local.get $value
    end
    local.set $abs
    local.get $abs
    i32.eqz
    if (result i32)
      i32.const 5
      call $malloc
      local.tee $str
      i32.const 1
      i32.store
      local.get $str
      i32.const 48
      i32.store8 offset=4
      local.get $str
    else
      local.get $abs
      local.set $rest
      block $counted
        loop $count
          local.get $rest
          i32.eqz
          br_if $counted
          local.get $digits
          i32.const 1
          i32.add
          local.set $digits
          local.get $rest
          i32.const 10
          i32.div_u
          local.set $rest
          br $count
        end
      end
      local.get $digits
      local.get $negative
      i32.add
      local.set $digits
      local.get $digits
      i32.const 4
      i32.add
      call $malloc
      local.tee $str
      local.get $digits
      i32.store
      local.get $digits
      i32.const 1
      i32.sub
      local.set $pos
      local.get $abs
      local.set $rest
      block $written
        loop $write
          local.get $rest
          i32.eqz
          br_if $written
          local.get $str
          local.get $pos
          i32.add
          local.get $rest
          i32.const 10
          i32.rem_u
          i32.const 48
          i32.add
          i32.store8 offset=4
          local.get $pos
          i32.const 1
          i32.sub
          local.set $pos
          local.get $rest
          i32.const 10
          i32.div_u
          local.set $rest
          br $write
        end
      end
      local.get $negative
      if
        local.get $str
        i32.const 45
        i32.store8 offset=4
      end
      local.get $str
    end)

  ;; printl of an LP string
  (func $printl_lp (param $s i32)
    local.get $s
    i32.const 4
    i32.add
    local.get $s
    i32.load
    call $printl)

  ;; The JSON argument array of a call with one integer argument: "[" + n.toString() + "]"
  (func $args1 (param $n i32) (result i32)
    i32.const 1168
    local.get $n
    call $int_to_string
    call $concat
    i32.const 1176
    call $concat)

  ;; Implicit await of a `later` value: get_result, or 0 after reporting the failure through env.error
  (func $await (param $future i32) (result i32)
    (local $value i32) (local $message i32)
    local.get $future
    call $get_result
    local.tee $value
    i32.eqz
    if
      local.get $future
      call $future_error
      local.tee $message
      if
        local.get $message
        call $error
        drop
      end
    end
    local.get $value)

  (func $start (export "start")
    i32.const 1312
    call $printl_lp)
  (func (export "_start") call $start)

  (func (export "greet") (param $name i32) (result i32)
    ;; printl("greet: " + name)
    i32.const 1048
    local.get $name
    call $concat
    call $printl_lp
    ;; background audit()
    i32.const 1068
    i32.const 5
    i32.const 1084
    i32.const 2
    call $spawn_task
    drop
    ;; return "Hello, " + name + "!"
    i32.const 1024
    local.get $name
    call $concat
    i32.const 1040
    call $concat)

  (func (export "audit") (result i32)
    i64.const 10
    call $server_sleep
    i32.const 1088
    call $printl_lp
    i32.const 1120)

  (func (export "report") (param $id i32) (result i32)
    (local $args i32) (local $user i32) (local $points i32) (local $user_value i32) (local $points_value i32)
    local.get $id
    call $args1
    local.set $args
    ;; later user = start db.findUser(id)
    i32.const 1140
    i32.const 11
    local.get $args
    i32.const 4
    i32.add
    local.get $args
    i32.load
    call $create_future
    local.set $user
    ;; later points = start loyalty(id)
    i32.const 1156
    i32.const 7
    local.get $args
    i32.const 4
    i32.add
    local.get $args
    i32.load
    call $create_future
    local.set $points
    ;; implicit awaits; a failure releases the scope's futures and traps
    local.get $user
    call $await
    local.tee $user_value
    if (result i32)
      local.get $points
      call $await
    else
      i32.const 0
    end
    local.tee $points_value
    i32.eqz
    if
      local.get $user
      call $release_future
      local.get $points
      call $release_future
      unreachable
    end
    local.get $user
    call $release_future
    local.get $points
    call $release_future
    ;; "{\"id\":" + id.toString() + ",\"user\":" + user + ",\"loyalty\":" + points + "}"
    i32.const 1184
    local.get $id
    call $int_to_string
    call $concat
    i32.const 1200
    call $concat
    local.get $user_value
    call $concat
    i32.const 1216
    call $concat
    local.get $points_value
    call $concat
    i32.const 1232
    call $concat)

  (func (export "loyalty") (param $id i32) (result i32)
    (local $points i32) (local $tier i32)
    local.get $id
    i32.const 37
    i32.mul
    i32.const 1000
    i32.rem_s
    local.set $points
    i32.const 1264
    local.set $tier
    local.get $points
    i32.const 500
    i32.ge_s
    if
      i32.const 1256
      local.set $tier
    end
    i32.const 1240
    local.get $tier
    call $concat
    i32.const 1280
    call $concat
    local.get $points
    call $int_to_string
    call $concat
    i32.const 1232
    call $concat)

  (func (export "ratio") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.div_s)

  (func (export "spin") (result i32)
    (local $n i32)
    i32.const 0
    local.set $n
    block $exit
      loop $while
        i32.const 1
        i32.eqz
        br_if $exit
        call $mem_scope_push
        local.get $n
        i32.const 1
        i32.add
        local.set $n
        call $mem_scope_pop
        br $while
      end
    end
    local.get $n)

  (func (export "submit") (param $n i32) (result i32)
    (local $args i32)
    local.get $n
    call $args1
    local.set $args
    i32.const 1300
    i32.const 6
    local.get $args
    i32.const 4
    i32.add
    local.get $args
    i32.load
    call $create_future)

  (func (export "square") (param $n i32) (result i32)
    i64.const 20
    call $server_sleep
    local.get $n
    local.get $n
    i32.mul
    call $int_to_string)

  (func (export "forget") (param $id i32)
    local.get $id
    call $release_future)
)
