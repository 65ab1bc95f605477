// A client of the Lambda Runtime API in C# on Mono's class library alone, against the documented
// contract (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): it asks for the next
// invocation, runs the handler, and posts its response or its error, forever.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;

namespace Lamina.Examples
{
    /// <summary>What the Runtime API says about one invocation besides its event.</summary>
    public sealed class Invocation
    {
        public string RequestId;
        public string InvokedFunctionArn;
        public string TraceId;
        public DateTimeOffset Deadline;
    }

    /// <summary>Runs one event (JSON) and returns the response (JSON).</summary>
    public delegate string Handler(Invocation invocation, string eventJson);

    public static class LambdaRuntime
    {
        static readonly string Base =
            "http://" + Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";

        /// <summary>Serves invocations with the handler until the process is stopped.</summary>
        public static void Start(Handler handler)
        {
            while (true)
            {
                Invocation invocation;
                string eventJson;
                var next = (HttpWebRequest) WebRequest.Create(Base + "/invocation/next");
                next.Timeout = System.Threading.Timeout.Infinite; // the next invocation may be a long time coming
                next.ReadWriteTimeout = System.Threading.Timeout.Infinite;
                using (var response = (HttpWebResponse) next.GetResponse())
                using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                {
                    eventJson = reader.ReadToEnd();
                    invocation = new Invocation
                    {
                        RequestId = response.Headers["Lambda-Runtime-Aws-Request-Id"],
                        InvokedFunctionArn = response.Headers["Lambda-Runtime-Invoked-Function-Arn"],
                        TraceId = response.Headers["Lambda-Runtime-Trace-Id"],
                        Deadline = DateTimeOffset.FromUnixTimeMilliseconds(
                            long.Parse(response.Headers["Lambda-Runtime-Deadline-Ms"] ?? "0")),
                    };
                }
                Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
                string path = Base + "/invocation/" + invocation.RequestId;
                string result;
                try
                {
                    result = handler(invocation, eventJson);
                }
                catch (Exception e)
                {
                    Post(path + "/error", ErrorDocument(e), e.GetType().Name);
                    continue;
                }
                Post(path + "/response", result, null);
            }
        }

        /// <summary>Reports an error during init (before Start) and exits, as Lambda's own runtimes do.</summary>
        public static void Fail(Exception e)
        {
            Post(Base + "/init/error", ErrorDocument(e), e.GetType().Name);
            Environment.Exit(1);
        }

        static void Post(string url, string body, string errorType)
        {
            var request = (HttpWebRequest) WebRequest.Create(url);
            request.Method = "POST";
            request.ContentType = "application/json";
            if (errorType != null)
            {
                request.Headers["Lambda-Runtime-Function-Error-Type"] = errorType;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            request.ContentLength = bytes.Length;
            using (var stream = request.GetRequestStream())
            {
                stream.Write(bytes, 0, bytes.Length);
            }
            using (var response = (HttpWebResponse) request.GetResponse())
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new IOException(url + ": " + (int) response.StatusCode);
                }
            }
        }

        static string ErrorDocument(Exception e)
        {
            var frames = new List<string>();
            foreach (string line in (e.StackTrace ?? "").Split('\n'))
            {
                if (line.Trim().Length > 0)
                {
                    frames.Add(Json.Quote(line.Trim()));
                }
            }
            return "{\"errorMessage\":" + Json.Quote(e.Message) + ",\"errorType\":" + Json.Quote(e.GetType().Name)
                + ",\"stackTrace\":[" + string.Join(",", frames) + "]}";
        }
    }

    /// <summary>JSON's string quoting: enough for what this example writes.</summary>
    public static class Json
    {
        public static string Quote(string s)
        {
            var b = new StringBuilder("\"");
            foreach (char c in s ?? "")
            {
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    case '\t': b.Append("\\t"); break;
                    default:
                        if (c < 0x20) b.AppendFormat("\\u{0:x4}", (int) c); else b.Append(c);
                        break;
                }
            }
            return b.Append('"').ToString();
        }
    }
}
