# The trivial Python handler: returns a constant.
def handler(event, context):
    return {"ok": True}
