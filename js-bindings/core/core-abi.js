// JS classes over the Wasm module's C interfaces (wasm/abi.h): CoreClient (wasm/abi.cpp) and,
// in the replay flavour, ReplayEncoder (wasm/replay_abi.cpp). The module lists each class's
// methods with their argument and answer kinds (read at build time into the flavour's names
// file), and this file turns each into a method, so the JS never repeats the list. Strings and bytes go straight into Wasm memory, and an answer with
// a large payload (an envelope body) is decoded once, beside a small JSON head.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * @param {object} module the instantiated core (its `_vigil_*` exports and heaps)
 * @param {Record<string, string>} methodLists each class's method list, as its
 *   vigil_<class>_methods() writes it, read at build time (scripts/wasm-names.mjs)
 * @returns {new (optionsJson: string, seedHi: number, seedLo: number) => object} CoreClient
 */
export function coreClientClass(module, methodLists) {
  return abiClass(module, 'client', 'snn', methodLists.client);
}

/**
 * @param {object} module the replay flavour's module
 * @param {Record<string, string>} methodLists as for coreClientClass
 * @returns {(new (optionsJson: string) => object)|undefined} ReplayEncoder, where the module has it
 */
export function replayEncoderClass(module, methodLists) {
  return methodLists.replay ? abiClass(module, 'replay', 's', methodLists.replay) : undefined;
}

// Per module: its argument and answer handling, shared by its classes, and the classes.
const made = new WeakMap();

function abiClass(module, name, constructorKinds, methodList) {
  let entry = made.get(module);
  if (!entry) made.set(module, (entry = { marshal: marshal(module), classes: {} }));
  entry.classes[name] ??= defineClass(module, name, constructorKinds, methodList, entry.marshal);
  return entry.classes[name];
}

function marshal(module) {
  const slots = module._vigil_args() >> 3;
  const outAt = module._vigil_out() >> 2;
  let scratch = 0;
  let capacity = 0;

  const outRange = () => {
    const u32 = module.HEAPU32;
    const at = u32[outAt];
    return [at, at + u32[outAt + 1]];
  };
  const readOut = () => {
    const [at, end] = outRange();
    return decoder.decode(module.HEAPU8.subarray(at, end));
  };
  // A head line, then a payload (an envelope body, or an event for beforeSend). Decoding the
  // payload to a string is cheaper in Chromium than copying it out as bytes: a fresh
  // ArrayBuffer per event costs several times more than TextDecoder.
  const readHeadAndPayload = () => {
    const [at, end] = outRange();
    if (at === end) return null;
    const heap = module.HEAPU8;
    const line = heap.subarray(at, end).indexOf(10);
    const split = line < 0 ? end : at + line;
    const head = JSON.parse(decoder.decode(heap.subarray(at, split)));
    if (split === end) return [head, undefined];
    return [head, decoder.decode(heap.subarray(split + 1, end))];
  };

  // Lays out the arguments in the slot array: numbers as they are, strings as UTF-8 in the
  // scratch buffer (3 bytes per UTF-16 unit is the most encodeInto can write). encodeInto
  // writes a lone surrogate as U+FFFD, so any JS string arrives as valid UTF-8.
  const setArgs = (kinds, values) => {
    let need = 0;
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] === 's') need += textOf(values[i]).length * 3;
      else if (kinds[i] === 'u') need += values[i].byteLength;
    }
    if (need > capacity) {
      capacity = Math.max(need, capacity * 2, 4096);
      scratch = module._vigil_scratch(capacity);
    }
    const heap = module.HEAPU8;
    const f64 = module.HEAPF64;
    let at = scratch;
    for (let i = 0; i < kinds.length; i++) {
      if (kinds[i] === 's') {
        const { written } = encoder.encodeInto(textOf(values[i]), heap.subarray(at, scratch + capacity));
        f64[slots + 2 * i] = at;
        f64[slots + 2 * i + 1] = written;
        at += written;
      } else if (kinds[i] === 'u') {
        heap.set(values[i], at);
        f64[slots + 2 * i] = at;
        f64[slots + 2 * i + 1] = values[i].byteLength;
        at += values[i].byteLength;
      } else {
        f64[slots + 2 * i] = Number(values[i]);
      }
    }
  };

  const answers = {
    v: () => undefined,
    b: (r) => r !== 0,
    n: (r) => r,
    s: () => readOut(),
    j: () => {
      const text = readOut();
      return text ? JSON.parse(text) : null;
    },
    r: () => {
      const read = readHeadAndPayload();
      if (!read) return null;
      read[0].body = read[1];
      return read[0];
    },
    h: () => {
      const [head, payload] = readHeadAndPayload();
      head.json = payload;
      return head;
    },
    c: () => {
      const [result, payload] = readHeadAndPayload();
      if (payload === undefined) return result;
      if (result.request) result.request.body = payload;
      else result.event = payload;
      return result;
    },
  };

  return { setArgs, answers };
}

function defineClass(module, name, constructorKinds, methodList, { setArgs, answers }) {
  const create = module[`_vigil_${name}_new`];
  const free = module[`_vigil_${name}_free`];
  const invoke = module[`_vigil_${name}_call`];
  const Class = class {
    constructor(...values) {
      setArgs(constructorKinds, values);
      this._ptr = create();
    }

    /** Frees the Wasm memory this object holds; later calls throw. */
    delete() {
      if (this._ptr) free(this._ptr);
      this._ptr = 0;
    }
  };
  methodList.split(',').forEach((spec, id) => {
    const [method, kinds, answer] = spec.split(':');
    const read = answers[answer];
    Class.prototype[method] = function call(...values) {
      if (!this._ptr) throw new Error(`vigil: ${method}() after delete()`);
      setArgs(kinds, values);
      return read(invoke(this._ptr, id));
    };
  });
  return Class;
}

function textOf(value) {
  return value == null ? '' : String(value);
}
