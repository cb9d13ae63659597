;; json.wat — conformance guest for the JSON imports (JsonImportsTest, COMPILED and INTERPRETED).
;;
;; Lowered by hand the way cln 0.33 lowers this Clean program: an `any` is a 12-byte box allocated with
;; memory_runtime.mem_alloc(0, 12) ([i32 tag][i32 value][i32 0], a number as its f64 bits over +4..+12);
;; typed lists and object literals become JSON-tree fragments ([count][box ptr]* and
;; [count]([key LP][box ptr])*), as __json_from_cln_list / __json_from_cln_pairs build them; string
;; arguments of bridges expand to (ptr + 4, length); `any` results are read back with i32.load offset=4.
;;
;;   functions:
;;       any sample()
;;           return { name: "Ada", age: 36, score: -2.5, admin: false, tags: ["x", "y"], manager: null, delta: -7 }
;;       string encode_sample()            -> return json.encode(sample())
;;       string pretty_sample()            -> return json.encodePretty(sample())
;;       string legacy_pretty_sample()     -> return _json_encode_pretty(sample())
;;       string round_trip(string text)
;;           any value = json.decode(text)
;;           if value == null: return "invalid"          (the bridge returns pointer 0 for invalid text)
;;           return json.encode(value)
;;       string user_name(string text)
;;           any name = json.get(json.decode(text), "user.name")
;;           if name is string: return name
;;           return "<not a string>"
;;       integer user_age_next_year(string text) -> return json.get(json.decode(text), "user.age") + 1
;;       string legacy_encode(string text) -> return _json_encode(text)
;;       string legacy_decode(string text) -> return _json_decode(text)
;;       any decode(string text)           -> return json.decode(text)
;;       string encode_box(any value)      -> return json.encode(value)      (tests hand it malformed boxes)
;;       string pretty_box(any value)      -> return json.encodePretty(value)
;;       any get_box(any value, string path) -> return json.get(value, path)
;;       string get_path(string text, string path) -> return json.encode(json.get(json.decode(text), path))
;;   start:
;;       printl(encode_sample())
;;       printl(pretty_sample())
;;       printl(round_trip("[1, 2.5, \"three\", {\"k\": null}]"))
;;       printl(round_trip("{oops"))
(module
  (import "env" "printl" (func $printl (param i32 i32)))
  (import "memory_runtime" "mem_alloc" (func $mem_alloc (param i32 i32) (result i32)))
  (import "env" "_json_encode_v2" (func $json_encode_v2 (param i32) (result i32)))
  (import "env" "_json_encode_pretty_v2" (func $json_encode_pretty_v2 (param i32) (result i32)))
  (import "env" "_json_decode_v2" (func $json_decode_v2 (param i32 i32) (result i32)))
  (import "env" "_json_encode" (func $json_encode (param i32 i32) (result i32)))
  (import "env" "_json_encode_pretty" (func $json_encode_pretty (param i32) (result i32)))
  (import "env" "_json_decode" (func $json_decode (param i32 i32) (result i32)))
  (import "env" "_json_get" (func $json_get (param i32 i32) (result i32)))

  (memory (export "memory") 2 16)
  (global $heap (export "__heap_ptr") (mut i32) (i32.const 4096))

  (data (i32.const 1024) "\04\00\00\00name")
  (data (i32.const 1040) "\03\00\00\00Ada")
  (data (i32.const 1056) "\03\00\00\00age")
  (data (i32.const 1072) "\05\00\00\00score")
  (data (i32.const 1088) "\05\00\00\00admin")
  (data (i32.const 1104) "\04\00\00\00tags")
  (data (i32.const 1120) "\01\00\00\00x")
  (data (i32.const 1136) "\01\00\00\00y")
  (data (i32.const 1152) "\07\00\00\00manager")
  (data (i32.const 1168) "\09\00\00\00user.name")
  (data (i32.const 1184) "\08\00\00\00user.age")
  (data (i32.const 1200) "\07\00\00\00invalid")
  (data (i32.const 1216) "\0e\00\00\00<not a string>")
  (data (i32.const 1240) "\05\00\00\00delta")
  (data (i32.const 1256) "\1e\00\00\00[1, 2.5, \"three\", {\"k\": null}]")
  (data (i32.const 1296) "\05\00\00\00{oops")

  ;; cln 0.33's bump allocator: 8-byte aligned, grows memory, 0 when it cannot.
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $old i32) (local $end i32)
    global.get $heap
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
    global.set $heap
    local.get $old)
  (func (export "free") (param i32))
  (func (export "scope_push") (result i32) global.get $heap)
  (func (export "scope_pop") (param i32) local.get 0 global.set $heap)

  ;; emit_box_value for an i32-represented value (integer, boolean, string pointer, JSON-tree pointer)
  (func $box_i32 (param $tag i32) (param $value i32) (result i32)
    (local $p i32)
    i32.const 0
    i32.const 12
    call $mem_alloc
    local.tee $p
    local.get $tag
    i32.store
    local.get $p
    local.get $value
    i32.store offset=4
    local.get $p
    i32.const 0
    i32.store offset=8
    local.get $p)

  ;; emit_box_value for a number: the f64 bits split over +4 (low) and +8 (high)
  (func $box_f64 (param $value f64) (result i32)
    (local $p i32)
    i32.const 0
    i32.const 12
    call $mem_alloc
    local.tee $p
    i32.const 3
    i32.store
    local.get $p
    local.get $value
    i64.reinterpret_f64
    i32.wrap_i64
    i32.store offset=4
    local.get $p
    local.get $value
    i64.reinterpret_f64
    i64.const 32
    i64.shr_u
    i32.wrap_i64
    i32.store offset=8
    local.get $p)

  ;; a JSON-tree object fragment with room for $count entries; entries are filled with $entry
  (func $object (param $count i32) (result i32)
    (local $p i32)
    local.get $count
    i32.const 8
    i32.mul
    i32.const 4
    i32.add
    call $malloc
    local.tee $p
    local.get $count
    i32.store
    local.get $p)
  (func $entry (param $object i32) (param $index i32) (param $key i32) (param $value i32)
    (local $at i32)
    local.get $object
    i32.const 4
    i32.add
    local.get $index
    i32.const 8
    i32.mul
    i32.add
    local.tee $at
    local.get $key
    i32.store
    local.get $at
    local.get $value
    i32.store offset=4)

  (func $sample (export "sample") (result i32)
    (local $obj i32) (local $tags i32)
    ;; ["x", "y"] through __json_from_cln_list: malloc(4 + 2 * 4), count, boxed elements
    i32.const 12
    call $malloc
    local.tee $tags
    i32.const 2
    i32.store
    local.get $tags
    i32.const 4
    i32.const 1120
    call $box_i32
    i32.store offset=4
    local.get $tags
    i32.const 4
    i32.const 1136
    call $box_i32
    i32.store offset=8
    i32.const 7
    call $object
    local.set $obj
    (call $entry (local.get $obj) (i32.const 0) (i32.const 1024) (call $box_i32 (i32.const 4) (i32.const 1040)))
    (call $entry (local.get $obj) (i32.const 1) (i32.const 1056) (call $box_i32 (i32.const 1) (i32.const 36)))
    (call $entry (local.get $obj) (i32.const 2) (i32.const 1072) (call $box_f64 (f64.const -2.5)))
    (call $entry (local.get $obj) (i32.const 3) (i32.const 1088) (call $box_i32 (i32.const 2) (i32.const 0)))
    (call $entry (local.get $obj) (i32.const 4) (i32.const 1104) (call $box_i32 (i32.const 5) (local.get $tags)))
    (call $entry (local.get $obj) (i32.const 5) (i32.const 1152) (call $box_i32 (i32.const 0) (i32.const 0)))
    (call $entry (local.get $obj) (i32.const 6) (i32.const 1240) (call $box_i32 (i32.const 1) (i32.const -7)))
    i32.const 6
    local.get $obj
    call $box_i32)

  (func $encode_sample (export "encode_sample") (result i32)
    call $sample
    call $json_encode_v2)
  (func $pretty_sample (export "pretty_sample") (result i32)
    call $sample
    call $json_encode_pretty_v2)
  (func (export "legacy_pretty_sample") (result i32)
    call $sample
    call $json_encode_pretty)

  (func $round_trip (export "round_trip") (param $text i32) (result i32)
    (local $value i32)
    local.get $text
    i32.const 4
    i32.add
    local.get $text
    i32.load
    call $json_decode_v2
    local.tee $value
    i32.eqz
    if (result i32)
      i32.const 1200
    else
      local.get $value
      call $json_encode_v2
    end)

  (func (export "user_name") (param $text i32) (result i32)
    (local $name i32)
    local.get $text
    i32.const 4
    i32.add
    local.get $text
    i32.load
    call $json_decode_v2
    i32.const 1168
    call $json_get
    local.tee $name
    i32.load
    i32.const 4
    i32.eq
    if (result i32)
      local.get $name
      i32.load offset=4
    else
      i32.const 1216
    end)

  (func (export "user_age_next_year") (param $text i32) (result i32)
    local.get $text
    i32.const 4
    i32.add
    local.get $text
    i32.load
    call $json_decode_v2
    i32.const 1184
    call $json_get
    i32.load offset=4
    i32.const 1
    i32.add)

  (func (export "legacy_encode") (param $text i32) (result i32)
    (call $json_encode (i32.add (local.get $text) (i32.const 4)) (i32.load (local.get $text))))
  (func (export "legacy_decode") (param $text i32) (result i32)
    (call $json_decode (i32.add (local.get $text) (i32.const 4)) (i32.load (local.get $text))))
  (func (export "decode") (param $text i32) (result i32)
    (call $json_decode_v2 (i32.add (local.get $text) (i32.const 4)) (i32.load (local.get $text))))
  (func (export "encode_box") (param $value i32) (result i32)
    local.get $value
    call $json_encode_v2)
  (func (export "pretty_box") (param $value i32) (result i32)
    local.get $value
    call $json_encode_pretty_v2)
  (func (export "get_box") (param $value i32) (param $path i32) (result i32)
    (call $json_get (local.get $value) (local.get $path)))

  (func (export "get_path") (param $text i32) (param $path i32) (result i32)
    local.get $text
    i32.const 4
    i32.add
    local.get $text
    i32.load
    call $json_decode_v2
    local.get $path
    call $json_get
    call $json_encode_v2)

  (func $println (param $s i32)
    (call $printl (i32.add (local.get $s) (i32.const 4)) (i32.load (local.get $s))))

  (func $start (export "start")
    call $encode_sample
    call $println
    call $pretty_sample
    call $println
    i32.const 1256
    call $round_trip
    call $println
    i32.const 1296
    call $round_trip
    call $println)
  (func (export "_start") call $start)
)
