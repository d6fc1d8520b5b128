/**
 * Preload (node --require) that unplugs the network for the process and every worker thread it
 * starts (worker threads inherit execArgv, so this file runs in each of them too): DNS, TCP/TLS
 * sockets, http(s) requests and fetch all fail. Used by tests/read/ocr.test.ts to show that OCR
 * needs nothing from the network.
 */
'use strict';
const net = require('node:net');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

const blocked = (what) => {
  const e = new Error(`network blocked by ocr-offline.cjs: ${what}`);
  e.code = 'ENETUNREACH';
  return e;
};
net.Socket.prototype.connect = function connect() {
  throw blocked('net.Socket.connect');
};
net.connect = net.createConnection = () => {
  throw blocked('net.connect');
};
tls.connect = () => {
  throw blocked('tls.connect');
};
dns.lookup = (host, opts, cb) => {
  const callback = typeof opts === 'function' ? opts : cb;
  process.nextTick(() => callback(blocked(`dns.lookup ${host}`)));
};
dns.promises.lookup = async (host) => {
  throw blocked(`dns.promises.lookup ${host}`);
};
for (const mod of [http, https]) {
  mod.request = mod.get = () => {
    throw blocked('http(s).request');
  };
}
globalThis.fetch = async (url) => {
  throw blocked(`fetch ${String(url)}`);
};
