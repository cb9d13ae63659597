;; pricing.wat — the Clean guest behind examples/pipeline, lowered by hand exactly the way cln 0.33 lowers
;; this program: exported memory, bump malloc, __heap_ptr, scope_push/scope_pop, LP string literals, and
;; `later x = start f()` as env._async_await(name, "[]"), which returns the task's value as an LP string
;; (cln 0.33 evaluates a call's arguments and passes "[]"). Imports are typed exactly as docs/abi.md lists them.
;;
;;   start:
;;       printl("pricing guest ready")
;;
;;   functions:
;;       // The order's price in the customer's currency: its base price at the current exchange rate.
;;       number quote(integer orderId)
;;           later rate = start fx.rate()            // the rates service: a Java function (a Mono)
;;           integer cents = basePrice(orderId)
;;           return cents * rate.toNumber() / 100.0
;;
;;       integer basePrice(integer orderId)
;;           return 1000 + (orderId * 250) % 5000
;;
;;       // Shipping in cents: every third order ships free.
;;       integer shipping(integer orderId)
;;           if orderId % 3 == 0
;;               return 0
;;           return 499
;;
;; If fx.rate fails, the _async_await import fails the whole quote() call (TaskFailedException): cln 0.33
;; gives the guest no way to observe the failure, so the Java side retries the call.
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (import "env" "string_to_float" (func $string_to_float (param i32) (result f64)))

  (memory (export "memory") 2 256)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  ;; String literals, LP: [u32 little-endian byte length][UTF-8 bytes], 8-byte aligned.
  (data (i32.const 1024) "\07\00\00\00fx.rate")  ;; task name (7 bytes)
  (data (i32.const 1040) "\02\00\00\00[]")  ;; the arguments cln 0.33 passes (2 bytes)
  (data (i32.const 1048) "\13\00\00\00pricing guest ready")  ;; (19 bytes)

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

  (func $start (export "start")
    i32.const 1052
    i32.const 19
    call $printl)
  (func (export "_start") call $start)

  (func $basePrice (export "basePrice") (param $orderId i32) (result i32)
    i32.const 1000
    local.get $orderId
    i32.const 250
    i32.mul
    i32.const 5000
    i32.rem_s
    i32.add)

  (func (export "quote") (param $orderId i32) (result f64)
    (local $rate i32) (local $cents i32)
    ;; later rate = start fx.rate()
    i32.const 1028
    i32.const 7
    i32.const 1044
    i32.const 2
    call $async_await
    local.set $rate
    ;; integer cents = basePrice(orderId)
    local.get $orderId
    call $basePrice
    local.set $cents
    ;; return cents * rate.toNumber() / 100.0
    local.get $cents
    f64.convert_i32_s
    local.get $rate
    call $string_to_float
    f64.mul
    f64.const 100
    f64.div)

  (func (export "shipping") (param $orderId i32) (result i32)
    local.get $orderId
    i32.const 3
    i32.rem_s
    i32.eqz
    if
      i32.const 0
      return
    end
    i32.const 499)
)
