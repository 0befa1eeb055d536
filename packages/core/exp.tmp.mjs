import koffi from 'koffi';
const lib = koffi.load('/work/main/native/build/lib/libclickos.so');
const free_ = lib.func('void clickos_free(void *json)');
const check = lib.func('void *clickos_lang_check(const char *source, const char *filename, const char **defs, int count, int syntax)');
function call(f, ...a) { const p = f(...a); try { return JSON.parse(koffi.decode(p, 'char', -1)); } finally { free_(p); } }
const b = Buffer.from('a :: Idle($X);\n\xff b', 'latin1');
console.log(JSON.stringify(call(check, Buffer.concat([b, Buffer.from([0])]), 'f', ['X=1'], 1, 1)));
console.log(JSON.stringify(call(check, 'a :: Idle($X);', 'f', ['X=1', 'Y=2'], 2, 1)));
console.log(JSON.stringify(call(check, 'a :: Idle($X);', 'f', [], 0, 1)));
const big = Buffer.alloc(5_000_000, 0x20); big.write('a :: Idle;'); big[big.length-1]=0;
console.log(JSON.stringify(call(check, big, 'f', null, 0, 1)));
let t=Date.now();
const big2 = 'Idle' + ' -> Idle'.repeat(199999);
const r = call(lib.func('void *clickos_lang_parse(const char *source, const char *filename, const char **defs, int count)'), big2, 'b', null, 0); console.log(r.graph.elements.length, Date.now()-t);
t=Date.now();
const r2 = call(lib.func('void *clickos_lang_flatten(const char *source, const char *filename, const char **defs, int count)'), big2, 'b', null, 0); console.log(r2.text.length, Date.now()-t);
