// The trivial Node.js handler: returns a constant.
exports.handler = async () => ({ ok: true });
