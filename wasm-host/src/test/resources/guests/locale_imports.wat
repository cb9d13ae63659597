;; locale_imports.wat: conformance guest for the locale imports (several under their i18n.* / locale.* /
;; t / tc aliases), lowered as cln 0.33 lowers (strings as (ptr, len); an empty locale means the active one):
;;
;;   start:
;;       printl(i18n.locale())                                          // en
;;       i18n.setLocale("de")
;;       printl(locale.get())                                           // de
;;       printl(i18n.formatNumber(1299.99, "", ""))                     // 1.299,99 (active locale de)
;;       printl(i18n.formatNumber(2.5, "en", "{\"decimals\":2}"))       // 2.50
;;       printl(i18n.formatCurrency(1299.99, "USD", "en-US"))           // $1,299.99
;;       printl(i18n.formatDate(1767225600000, "medium", "en-US"))      // Jan 1, 2026
;;       printl(t("greeting.hello", "{\"name\":\"Ada\"}"))              // greeting.hello (no catalogs)
;;       printl(tc("users", 5, ""))                                     // users
;;
;; Expected: exactly those lines (ConformanceGuestsTest).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "i18n.locale" (func $locale (result i32)))
  (import "env" "locale.get" (func $locale_get (result i32)))
  (import "env" "_i18n_set_locale" (func $set_locale (param i32 i32)))
  (import "env" "i18n.formatNumber" (func $format_number (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "_i18n_format_currency" (func $format_currency (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "locale.formatDate" (func $format_date (param f64 i32 i32 i32 i32) (result i32)))
  (import "env" "t" (func $t (param i32 i32 i32 i32) (result i32)))
  (import "env" "tc" (func $tc (param i32 i32 i64 i32 i32) (result i32)))

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
    (local i32)
    call $locale
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    i32.const 4100
    i32.const 2
    call $set_locale
    call $locale_get
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    f64.const 1299.99
    i32.const 0
    i32.const 0
    i32.const 0
    i32.const 0
    call $format_number
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    f64.const 2.5
    i32.const 4108
    i32.const 2
    i32.const 4116
    i32.const 14
    call $format_number
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    f64.const 1299.99
    i32.const 4140
    i32.const 3
    i32.const 4148
    i32.const 5
    call $format_currency
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    f64.const 1767225600000
    i32.const 4164
    i32.const 6
    i32.const 4148
    i32.const 5
    call $format_date
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    i32.const 4180
    i32.const 14
    i32.const 4204
    i32.const 14
    call $t
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
    i32.const 4228
    i32.const 5
    i64.const 5
    i32.const 0
    i32.const 0
    call $tc
    local.set 0
    local.get 0
    i32.const 4
    i32.add
    local.get 0
    i32.load
    call $printl
  )
  (func (export "_start")
    call $start
  )
  (data (i32.const 4096) "\02\00\00\00de")  ;; "de"
  (data (i32.const 4104) "\02\00\00\00en")  ;; "en"
  (data (i32.const 4112) "\0e\00\00\00{\22decimals\22:2}")  ;; "{\"decimals\":2}"
  (data (i32.const 4136) "\03\00\00\00USD")  ;; "USD"
  (data (i32.const 4144) "\05\00\00\00en-US")  ;; "en-US"
  (data (i32.const 4160) "\06\00\00\00medium")  ;; "medium"
  (data (i32.const 4176) "\0e\00\00\00greeting.hello")  ;; "greeting.hello"
  (data (i32.const 4200) "\0e\00\00\00{\22name\22:\22Ada\22}")  ;; "{\"name\":\"Ada\"}"
  (data (i32.const 4224) "\05\00\00\00users")  ;; "users"
)
