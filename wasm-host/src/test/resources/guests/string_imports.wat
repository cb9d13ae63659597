;; string_imports.wat: conformance guest for the string imports, lowered as cln 0.33 lowers
;; (string arguments as LP pointers, except html.* which take (ptr, len); several imported under aliases):
;;
;;   start:
;;       string s = "  Hello, World  "
;;       string t = s.trim()                              // string.trim (alias)
;;       printl(t)                                        // Hello, World
;;       printl(t.toUpperCase())                          // string.toUpperCase (alias): HELLO, WORLD
;;       printl(t.toLowerCase())                          // string_to_lower: hello, world
;;       printl(s.trimStart() + "|")                      // string.trimStart, string.concat: "Hello, World  |"
;;       printl("|" + s.trimEnd())                        // "|  Hello, World"
;;       printl(t.substring(7, 12))                       // World
;;       printl(t.indexOf("World"))                       // 7
;;       printl(t.indexOf("Mars"))                        // -1
;;       printl("a-b-a".replace("a", "x"))                // every occurrence: x-b-x
;;       list<string> parts = "x,y,,z".split(",")
;;       printl(parts.length())                           // 4
;;       printl(parts[0]); printl(parts[3])               // x, z
;;       printl(parts[2].length())                        // 0
;;       printl(t == "Hello, World")                      // string_compare == 0: true
;;       printl(t == "Hello")                             // false
;;       printl(string_compare("apple", "banana"))        // -1
;;       printl("ab".repeat(3))                           // ababab
;;       printl("user@example.com".matches(email))        // pattern id 0: true
;;       printl("not a date".matches(date))               // pattern id 4: false
;;       printl(integer.toString(-42))                    // -42
;;       printl(int64_to_string(9000000000))              // 9000000000
;;       printl(boolean.toString(false))                  // false
;;       printl("123".toInteger() + 1)                    // 124
;;       printl(" TRUE ".toBoolean())                     // true
;;       printl(html.escape("<a href='x'>&</a>"))         // &lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;
;;       printl(html.raw("<b>raw</b>"))                   // <b>raw</b>
;;
;; Expected: exactly those lines (ConformanceGuestsTest, COMPILED and INTERPRETER).
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "env" "print_integer" (func $print_integer (param i64)))
  (import "env" "print_boolean" (func $print_boolean (param i32)))
  (import "env" "string.trim" (func $trim (param i32) (result i32)))
  (import "env" "string.toUpperCase" (func $upper (param i32) (result i32)))
  (import "env" "string_to_lower" (func $lower (param i32) (result i32)))
  (import "env" "string.trimStart" (func $trim_start (param i32) (result i32)))
  (import "env" "string_trim_end" (func $trim_end (param i32) (result i32)))
  (import "env" "string.concat" (func $concat (param i32 i32) (result i32)))
  (import "env" "string.substring" (func $substring (param i32 i32 i32) (result i32)))
  (import "env" "string_index_of" (func $index_of (param i32 i32) (result i32)))
  (import "env" "string.replace" (func $replace (param i32 i32 i32) (result i32)))
  (import "env" "string.split" (func $split (param i32 i32) (result i32)))
  (import "env" "string_compare" (func $compare (param i32 i32) (result i32)))
  (import "env" "string.repeat" (func $repeat (param i32 i32 i32) (result i32)))
  (import "env" "string_matches" (func $matches (param i32 i32 i32) (result i32)))
  (import "env" "integer.toString" (func $int_to_string (param i32) (result i32)))
  (import "env" "int64_to_string" (func $int64_to_string (param i64) (result i32)))
  (import "env" "boolean.toString" (func $bool_to_string (param i32) (result i32)))
  (import "env" "string.toInteger" (func $to_int (param i32) (result i32)))
  (import "env" "string_to_bool" (func $to_bool (param i32) (result i32)))
  (import "env" "html.escape" (func $html_escape (param i32 i32) (result i32)))
  (import "env" "_html_raw" (func $html_raw (param i32 i32) (result i32)))

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
    (local i32 i32 i32 i32)
    i32.const 4096
    local.set 0
    local.get 0
    call $trim
    local.set 1
    local.get 1
    i32.const 4
    i32.add
    local.get 1
    i32.load
    call $printl
    local.get 1
    call $upper
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 1
    call $lower
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 0
    call $trim_start
    i32.const 4120
    call $concat
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 4120
    local.get 0
    call $trim_end
    call $concat
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 1
    i32.const 7
    i32.const 12
    call $substring
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 1
    i32.const 4128
    call $index_of
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    i32.const 4144
    call $index_of
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4152
    i32.const 4168
    i32.const 4176
    call $replace
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 4184
    i32.const 4200
    call $split
    local.set 3
    local.get 3
    i32.load
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    local.get 3
    i32.load offset=16
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 3
    i32.load offset=28
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    local.get 3
    i32.load offset=24
    i32.load
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    i32.const 4208
    call $compare
    i32.eqz
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    local.get 1
    i32.const 4224
    call $compare
    i32.eqz
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4240
    i32.const 4256
    call $compare
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4272
    i32.const 2
    i32.const 3
    call $repeat
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 4280
    i32.const 16
    i32.const 0
    call $matches
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4304
    i32.const 10
    i32.const 4
    call $matches
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const -42
    call $int_to_string
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i64.const 9000000000
    call $int64_to_string
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 0
    call $bool_to_string
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 4320
    call $to_int
    i32.const 1
    i32.add
    i64.extend_i32_s
    call $print_integer
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4328
    call $to_bool
    call $print_boolean
    i32.const 0
    i32.const 0
    call $printl
    i32.const 4348
    i32.const 17
    call $html_escape
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
    i32.const 4372
    i32.const 10
    call $html_raw
    local.set 2
    local.get 2
    i32.const 4
    i32.add
    local.get 2
    i32.load
    call $printl
  )
  (func (export "_start")
    call $start
  )
  (data (i32.const 4096) "\10\00\00\00  Hello, World  ")  ;; "  Hello, World  "
  (data (i32.const 4120) "\01\00\00\00|")  ;; "|"
  (data (i32.const 4128) "\05\00\00\00World")  ;; "World"
  (data (i32.const 4144) "\04\00\00\00Mars")  ;; "Mars"
  (data (i32.const 4152) "\05\00\00\00a-b-a")  ;; "a-b-a"
  (data (i32.const 4168) "\01\00\00\00a")  ;; "a"
  (data (i32.const 4176) "\01\00\00\00x")  ;; "x"
  (data (i32.const 4184) "\06\00\00\00x,y,,z")  ;; "x,y,,z"
  (data (i32.const 4200) "\01\00\00\00,")  ;; ","
  (data (i32.const 4208) "\0c\00\00\00Hello, World")  ;; "Hello, World"
  (data (i32.const 4224) "\05\00\00\00Hello")  ;; "Hello"
  (data (i32.const 4240) "\05\00\00\00apple")  ;; "apple"
  (data (i32.const 4256) "\06\00\00\00banana")  ;; "banana"
  (data (i32.const 4272) "\02\00\00\00ab")  ;; "ab"
  (data (i32.const 4280) "\10\00\00\00user@example.com")  ;; "user@example.com"
  (data (i32.const 4304) "\0a\00\00\00not a date")  ;; "not a date"
  (data (i32.const 4320) "\03\00\00\00123")  ;; "123"
  (data (i32.const 4328) "\06\00\00\00 TRUE ")  ;; " TRUE "
  (data (i32.const 4344) "\11\00\00\00<a href='x'>&</a>")  ;; "<a href='x'>&</a>"
  (data (i32.const 4368) "\0a\00\00\00<b>raw</b>")  ;; "<b>raw</b>"
)
