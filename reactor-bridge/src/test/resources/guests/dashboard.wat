;; dashboard.wat: a realistic async Clean program, end to end (RealisticProgramTest in reactor-bridge, and
;; CleanRunnerIT in examples/runner, which runs this .wasm through the packaged CLI).
;;
;; Three `later` tasks each fetch a JSON document over HTTP from the service, pick fields out of it, compute
;; with math and print one line of a dashboard; `start:` compares their verdicts with "ok" and prints a summary.
;; A `background` audit posts a record to the service while the panels are fetched.
;;
;; Clean source:
;;   start:
;;       background auditTrail()
;;       later weather = start weatherPanel()
;;       later orders = start ordersPanel()
;;       later status = start statusPanel()
;;       integer alerts = 0
;;       if weather != "ok"
;;           alerts = alerts + 1
;;       if orders != "ok"
;;           alerts = alerts + 1
;;       if status != "ok"
;;           alerts = alerts + 1
;;       printl("dashboard: 3 panels, alerts: " + alerts.toString())
;;
;;   functions:
;;       any fetchJson(string path)
;;           string base = input("")                 -- the service's base URL, e.g. http://127.0.0.1:8080
;;           return json.decode(http.get(base + path))
;;
;;       string weatherPanel()
;;           any doc = fetchJson("/weather")
;;           string city = json.get(doc, "city")
;;           number celsius = json.get(doc, "celsius")
;;           number windX = json.get(doc, "wind.x")
;;           number windY = json.get(doc, "wind.y")
;;           number fahrenheit = math.round(celsius * 9 / 5 + 32)
;;           number wind = math.sqrt(windX ^ 2 + windY ^ 2)
;;           printl(city + ": " + fahrenheit.toString() + " F, wind " + wind.toString() + " m/s")
;;           if wind > 10
;;               return "alert"
;;           return "ok"
;;
;;       string ordersPanel()
;;           any doc = fetchJson("/orders")
;;           string currency = json.get(doc, "currency")
;;           number total = 0
;;           integer count = 0
;;           while true
;;               any amount = json.get(doc, "orders." + count.toString() + ".total")
;;               if amount == null
;;                   break
;;               total = total + amount
;;               count = count + 1
;;           number average = math.round(total / count * 100) / 100
;;           printl("orders: " + count.toString() + ", total " + total.toString() + " " + currency + ", average " + average.toString())
;;           if count == 0
;;               return "alert"
;;           return "ok"
;;
;;       string statusPanel()
;;           any doc = fetchJson("/status")
;;           string service = json.get(doc, "service")
;;           string state = json.get(doc, "state")
;;           integer passed = json.get(doc, "checks.passed")
;;           integer checks = json.get(doc, "checks.total")
;;           number uptime = math.round(100.0 * passed / checks * 100) / 100
;;           printl(service + ": " + state + ", uptime " + uptime.toString() + " %")
;;           if state == "ok"
;;               return "ok"
;;           return "alert"
;;
;;       string auditTrail()
;;           string base = input("")
;;           return http.post(base + "/audit", "dashboard viewed")
;;
;; Where the base URL comes from, and why: cln 0.33 evaluates the arguments of an async call and drops them
;; (the host always receives "[]"), and each `later`/`background` task runs on a pooled instance of its own
;; that starts from the module's initial state, so `start:` cannot hand a task the URL, neither as an argument
;; nor through a global. What a task can reach is the host, so each task reads the URL where it needs it, from
;; the program's input: one line per task (four in all), on stdin in the CLI, from the GuestInput the
;; application configures when embedded. The port is only known at run time, so it cannot be a literal.
;;
;; How cln 0.33 lowers it (docs/abi.md, guests/later_cln033.wat, wasm-host's json.wat and http.wat,
;; fixtures/cln-0.33): every module imports the 18 functions the fixtures import, with their exact types;
;; `later x = start f()` is env._async_await(name_ptr, name_len, args_ptr, args_len) -> LP string, awaited at
;; the `later` line (so the three panels are fetched one after the other; the background audit overlaps them);
;; `background f()` is env._async_fire with the same four values; string arguments of bridge imports expand to
;; (ptr + 4, length); `a + b` on strings is env.string.concat of the two LP pointers; `==`/`!=` on strings is
;; env.string_compare tested against 0; number.toString() is float_to_string and integer.toString() the
;; registry's int_to_string; an `any` read as a string, integer or number loads the box payload at +4 (i32
;; pointer, i32, f64); `amount == null` tests the box tag for 0; a `math.*` call or `^` imports the whole math
;; set the compiler emits (17 functions), here plus math_sqrt and math_round by their registry names; a loop
;; body is bracketed by memory_runtime.mem_scope_push/pop as in else_break_inside_while.
;;
;; Printed for the documents RealisticProgramTest serves (deterministic):
;;   Oslo: 26 F, wind 5 m/s
;;   orders: 3, total 100 EUR, average 33.33
;;   billing: degraded, uptime 99.86 %
;;   dashboard: 3 panels, alerts: 1
(module
  ;; ---- the imports every cln 0.33 module carries (fixtures/cln-0.33, exact types)
  (import "env" "print" (func $print (param i32 i32)))
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_float" (func $print_float (param f64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "error" (func $error (param i32) (result i32)))
  (import "env" "input" (func $input (param i32) (result i32)))
  (import "memory_runtime" "mem_alloc" (func $mem_alloc (param i32 i32) (result i32)))
  (import "memory_runtime" "mem_retain" (func $mem_retain (param i32)))
  (import "memory_runtime" "mem_release" (func $mem_release (param i32)))
  (import "memory_runtime" "mem_scope_push" (func $mem_scope_push))
  (import "memory_runtime" "mem_scope_pop" (func $mem_scope_pop))
  (import "env" "float_to_string" (func $float_to_string (param f64) (result i32)))
  (import "env" "string_to_float" (func $string_to_float (param i32) (result f64)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "_server_sleep" (func $server_sleep (param i64)))
  (import "env" "_state_reset_all" (func $state_reset_all))
  (import "env" "_state_reset_named" (func $state_reset_named (param i32)))
  ;; ---- what this program uses beyond them
  (import "env" "int_to_string" (func $int_to_string (param i32) (result i32)))
  (import "env" "string_compare" (func $string_compare (param i32 i32) (result i32)))
  (import "env" "http_get" (func $http_get (param i32 i32) (result i32)))
  (import "env" "http_post" (func $http_post (param i32 i32 i32 i32) (result i32)))
  (import "env" "_json_decode_v2" (func $json_decode_v2 (param i32 i32) (result i32)))
  (import "env" "_json_get" (func $json_get (param i32 i32) (result i32)))
  (import "env" "_async_fire" (func $async_fire (param i32 i32 i32 i32)))
  (import "env" "_async_await" (func $async_await (param i32 i32 i32 i32) (result i32)))
  (import "env" "math_sin" (func $math_sin (param f64) (result f64)))
  (import "env" "math_cos" (func $math_cos (param f64) (result f64)))
  (import "env" "math_tan" (func $math_tan (param f64) (result f64)))
  (import "env" "math_asin" (func $math_asin (param f64) (result f64)))
  (import "env" "math_acos" (func $math_acos (param f64) (result f64)))
  (import "env" "math_atan" (func $math_atan (param f64) (result f64)))
  (import "env" "math_atan2" (func $math_atan2 (param f64 f64) (result f64)))
  (import "env" "math_sinh" (func $math_sinh (param f64) (result f64)))
  (import "env" "math_cosh" (func $math_cosh (param f64) (result f64)))
  (import "env" "math_tanh" (func $math_tanh (param f64) (result f64)))
  (import "env" "math_ln" (func $math_ln (param f64) (result f64)))
  (import "env" "math_log10" (func $math_log10 (param f64) (result f64)))
  (import "env" "math_log2" (func $math_log2 (param f64) (result f64)))
  (import "env" "math_exp" (func $math_exp (param f64) (result f64)))
  (import "env" "math_exp2" (func $math_exp2 (param f64) (result f64)))
  (import "env" "math_pow" (func $math_pow (param f64 f64) (result f64)))
  (import "env" "math_random" (func $math_random (result f64)))
  (import "env" "math_sqrt" (func $math_sqrt (param f64) (result f64)))
  (import "env" "math_round" (func $math_round (param f64) (result f64)))

  ;; ---- cln 0.33 runtime conventions (as in fixtures/cln-0.33): linear memory of 32 pages (max 512), a bump
  ;; heap above the data segments whose pointer is the exported global __heap_ptr, malloc (8-byte aligned,
  ;; grows memory, 0 when it cannot), a no-op free, and scope_push/scope_pop marks.
  (memory (;0;) 32 512)
  (global $heap_ptr (mut i32) (i32.const 4624))
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

  ;; printl(s) for an LP string s: the bridge takes (s + 4, length)
  (func $println (param $s i32)
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))

  ;; start:
  (func $start (export "start")
    (local $weather i32) (local $orders i32) (local $status i32) (local $alerts i32)
    ;; background auditTrail()
    (call $async_fire (i32.const 4116 (;"auditTrail" + 4;)) (i32.const 10 (;length;)) (i32.const 4100 (;"[]" + 4;)) (i32.const 2 (;length;)))
    ;; later weather = start weatherPanel()   (and orders, status)
    (local.set $weather (call $async_await (i32.const 4132 (;"weatherPanel" + 4;)) (i32.const 12 (;length;)) (i32.const 4100 (;"[]" + 4;)) (i32.const 2 (;length;))))
    (local.set $orders (call $async_await (i32.const 4148 (;"ordersPanel" + 4;)) (i32.const 11 (;length;)) (i32.const 4100 (;"[]" + 4;)) (i32.const 2 (;length;))))
    (local.set $status (call $async_await (i32.const 4164 (;"statusPanel" + 4;)) (i32.const 11 (;length;)) (i32.const 4100 (;"[]" + 4;)) (i32.const 2 (;length;))))
    (local.set $alerts (i32.const 0))
    ;; if weather != "ok": alerts = alerts + 1   (and orders, status)
    (if (i32.ne (call $string_compare (local.get $weather) (i32.const 4352 (;"ok";))) (i32.const 0))
      (then (local.set $alerts (i32.add (local.get $alerts) (i32.const 1)))))
    (if (i32.ne (call $string_compare (local.get $orders) (i32.const 4352 (;"ok";))) (i32.const 0))
      (then (local.set $alerts (i32.add (local.get $alerts) (i32.const 1)))))
    (if (i32.ne (call $string_compare (local.get $status) (i32.const 4352 (;"ok";))) (i32.const 0))
      (then (local.set $alerts (i32.add (local.get $alerts) (i32.const 1)))))
    ;; printl("dashboard: 3 panels, alerts: " + alerts.toString())
    (call $println (call $concat (i32.const 4576 (;"dashboard: 3 panels, alerts: ";)) (call $int_to_string (local.get $alerts)))))
  (func $_start (export "_start")
    call $start)

  ;; any fetchJson(string path)
  (func $fetchJson (export "fetchJson") (param $path i32) (result i32)
    (local $base i32) (local $url i32) (local $body i32)
    (local.set $base (call $input (i32.const 4104 (;"";))))
    (local.set $url (call $concat (local.get $base) (local.get $path)))
    (local.set $body (call $http_get (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))))
    (call $json_decode_v2 (i32.add (local.get $body) (i32.const 4)) (i32.load (local.get $body))))

  ;; string weatherPanel()
  (func $weatherPanel (export "weatherPanel") (result i32)
    (local $doc i32) (local $city i32) (local $celsius f64) (local $windX f64) (local $windY f64)
    (local $fahrenheit f64) (local $wind f64)
    (local.set $doc (call $fetchJson (i32.const 4176 (;"/weather";))))
    (local.set $city (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4264 (;"city";)))))
    (local.set $celsius (f64.load offset=4 (call $json_get (local.get $doc) (i32.const 4272 (;"celsius";)))))
    (local.set $windX (f64.load offset=4 (call $json_get (local.get $doc) (i32.const 4288 (;"wind.x";)))))
    (local.set $windY (f64.load offset=4 (call $json_get (local.get $doc) (i32.const 4304 (;"wind.y";)))))
    ;; number fahrenheit = math.round(celsius * 9 / 5 + 32)
    (local.set $fahrenheit (call $math_round
      (f64.add (f64.div (f64.mul (local.get $celsius) (f64.const 9)) (f64.const 5)) (f64.const 32))))
    ;; number wind = math.sqrt(windX ^ 2 + windY ^ 2)
    (local.set $wind (call $math_sqrt
      (f64.add (call $math_pow (local.get $windX) (f64.const 2)) (call $math_pow (local.get $windY) (f64.const 2)))))
    ;; printl(city + ": " + fahrenheit.toString() + " F, wind " + wind.toString() + " m/s")
    (call $println
      (call $concat
        (call $concat
          (call $concat
            (call $concat (call $concat (local.get $city) (i32.const 4320 (;": ";))) (call $float_to_string (local.get $fahrenheit)))
            (i32.const 4328 (;" F, wind ";)))
          (call $float_to_string (local.get $wind)))
        (i32.const 4344 (;" m/s";))))
    (if (result i32) (f64.gt (local.get $wind) (f64.const 10))
      (then (i32.const 4360 (;"alert";)))
      (else (i32.const 4352 (;"ok";)))))

  ;; string ordersPanel()
  (func $ordersPanel (export "ordersPanel") (result i32)
    (local $doc i32) (local $currency i32) (local $total f64) (local $count i32) (local $amount i32)
    (local $average f64)
    (local.set $doc (call $fetchJson (i32.const 4192 (;"/orders";))))
    (local.set $currency (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4376 (;"currency";)))))
    (local.set $total (f64.const 0))
    (local.set $count (i32.const 0))
    (block $break
      (loop $continue
        (call $mem_scope_push)
        ;; any amount = json.get(doc, "orders." + count.toString() + ".total")
        (local.set $amount (call $json_get (local.get $doc)
          (call $concat (call $concat (i32.const 4392 (;"orders.";)) (call $int_to_string (local.get $count))) (i32.const 4408 (;".total";)))))
        ;; if amount == null: break
        (if (i32.eqz (i32.load (local.get $amount)))
          (then
            (call $mem_scope_pop)
            (br $break)))
        (local.set $total (f64.add (local.get $total) (f64.load offset=4 (local.get $amount))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (call $mem_scope_pop)
        (br $continue)))
    ;; number average = math.round(total / count * 100) / 100
    (local.set $average (f64.div
      (call $math_round (f64.mul (f64.div (local.get $total) (f64.convert_i32_s (local.get $count))) (f64.const 100)))
      (f64.const 100)))
    ;; printl("orders: " + count.toString() + ", total " + total.toString() + " " + currency + ", average " + average.toString())
    (call $println
      (call $concat
        (call $concat
          (call $concat
            (call $concat
              (call $concat
                (call $concat
                  (call $concat (i32.const 4424 (;"orders: ";)) (call $int_to_string (local.get $count)))
                  (i32.const 4440 (;", total ";)))
                (call $float_to_string (local.get $total)))
              (i32.const 4456 (;" ";)))
            (local.get $currency))
          (i32.const 4464 (;", average ";)))
        (call $float_to_string (local.get $average))))
    (if (result i32) (i32.eqz (local.get $count))
      (then (i32.const 4360 (;"alert";)))
      (else (i32.const 4352 (;"ok";)))))

  ;; string statusPanel()
  (func $statusPanel (export "statusPanel") (result i32)
    (local $doc i32) (local $service i32) (local $state i32) (local $passed i32) (local $checks i32)
    (local $uptime f64)
    (local.set $doc (call $fetchJson (i32.const 4208 (;"/status";))))
    (local.set $service (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4480 (;"service";)))))
    (local.set $state (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4496 (;"state";)))))
    (local.set $passed (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4512 (;"checks.passed";)))))
    (local.set $checks (i32.load offset=4 (call $json_get (local.get $doc) (i32.const 4536 (;"checks.total";)))))
    ;; number uptime = math.round(100.0 * passed / checks * 100) / 100
    (local.set $uptime (f64.div
      (call $math_round
        (f64.mul
          (f64.div (f64.mul (f64.const 100) (f64.convert_i32_s (local.get $passed))) (f64.convert_i32_s (local.get $checks)))
          (f64.const 100)))
      (f64.const 100)))
    ;; printl(service + ": " + state + ", uptime " + uptime.toString() + " %")
    (call $println
      (call $concat
        (call $concat
          (call $concat
            (call $concat (call $concat (local.get $service) (i32.const 4320 (;": ";))) (local.get $state))
            (i32.const 4552 (;", uptime ";)))
          (call $float_to_string (local.get $uptime)))
        (i32.const 4568 (;" %";))))
    ;; if state == "ok": return "ok"
    (if (result i32) (i32.eqz (call $string_compare (local.get $state) (i32.const 4352 (;"ok";))))
      (then (i32.const 4352 (;"ok";)))
      (else (i32.const 4360 (;"alert";)))))

  ;; string auditTrail()
  (func $auditTrail (export "auditTrail") (result i32)
    (local $url i32)
    (local.set $url (call $concat (call $input (i32.const 4104 (;"";))) (i32.const 4224 (;"/audit";))))
    (call $http_post (i32.add (local.get $url) (i32.const 4)) (i32.load (local.get $url))
      (i32.const 4244 (;"dashboard viewed" + 4;)) (i32.const 16 (;length;))))

  ;; ---- data: every string is length-prefixed (LP): [u32 byte length][UTF-8 bytes]
  (data (i32.const 4096) "\02\00\00\00[]")  ;; noArgs
  (data (i32.const 4104) "\00\00\00\00")  ;; empty
  (data (i32.const 4112) "\0a\00\00\00auditTrail")  ;; auditTrail
  (data (i32.const 4128) "\0c\00\00\00weatherPanel")  ;; weatherPanel
  (data (i32.const 4144) "\0b\00\00\00ordersPanel")  ;; ordersPanel
  (data (i32.const 4160) "\0b\00\00\00statusPanel")  ;; statusPanel
  (data (i32.const 4176) "\08\00\00\00/weather")  ;; weatherPath
  (data (i32.const 4192) "\07\00\00\00/orders")  ;; ordersPath
  (data (i32.const 4208) "\07\00\00\00/status")  ;; statusPath
  (data (i32.const 4224) "\06\00\00\00/audit")  ;; auditPath
  (data (i32.const 4240) "\10\00\00\00dashboard viewed")  ;; viewed
  (data (i32.const 4264) "\04\00\00\00city")  ;; city
  (data (i32.const 4272) "\07\00\00\00celsius")  ;; celsius
  (data (i32.const 4288) "\06\00\00\00wind.x")  ;; windX
  (data (i32.const 4304) "\06\00\00\00wind.y")  ;; windY
  (data (i32.const 4320) "\02\00\00\00: ")  ;; colon
  (data (i32.const 4328) "\09\00\00\00 F, wind ")  ;; fWind
  (data (i32.const 4344) "\04\00\00\00 m/s")  ;; ms
  (data (i32.const 4352) "\02\00\00\00ok")  ;; ok
  (data (i32.const 4360) "\05\00\00\00alert")  ;; alert
  (data (i32.const 4376) "\08\00\00\00currency")  ;; currency
  (data (i32.const 4392) "\07\00\00\00orders.")  ;; ordersDot
  (data (i32.const 4408) "\06\00\00\00.total")  ;; dotTotal
  (data (i32.const 4424) "\08\00\00\00orders: ")  ;; ordersLabel
  (data (i32.const 4440) "\08\00\00\00, total ")  ;; commaTotal
  (data (i32.const 4456) "\01\00\00\00 ")  ;; space
  (data (i32.const 4464) "\0a\00\00\00, average ")  ;; commaAverage
  (data (i32.const 4480) "\07\00\00\00service")  ;; service
  (data (i32.const 4496) "\05\00\00\00state")  ;; state
  (data (i32.const 4512) "\0d\00\00\00checks.passed")  ;; checksPassed
  (data (i32.const 4536) "\0c\00\00\00checks.total")  ;; checksTotal
  (data (i32.const 4552) "\09\00\00\00, uptime ")  ;; commaUptime
  (data (i32.const 4568) "\02\00\00\00 %")  ;; percent
  (data (i32.const 4576) "\1d\00\00\00dashboard: 3 panels, alerts: ")  ;; summary
)
