// A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
// with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;

namespace Lamina.Examples
{
    [DataContract]
    public sealed class Event
    {
        [DataMember(Name = "name")] public string Name;
        [DataMember(Name = "queryStringParameters")] public Dictionary<string, string> Query;
        [DataMember(Name = "requestContext")] public Dictionary<string, object> RequestContext;
    }

    public static class Function
    {
        static readonly DataContractJsonSerializer Reader = new DataContractJsonSerializer(
            typeof(Event), new DataContractJsonSerializerSettings { UseSimpleDictionaryFormat = true });

        public static string Hello(Invocation invocation, string eventJson)
        {
            Event e;
            using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(eventJson)))
            {
                e = (Event) Reader.ReadObject(stream);
            }
            string name = e.Name;
            if (e.Query != null && e.Query.ContainsKey("name"))
            {
                name = e.Query["name"];
            }
            if (string.IsNullOrEmpty(name))
            {
                name = "world";
            }
            if (name == "fail")
            {
                throw new InvalidOperationException("asked to fail");
            }
            string greeting = "{\"message\":" + Json.Quote("Hello, " + name + "!") + ",\"language\":\"csharp\""
                + ",\"function\":" + Json.Quote(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")) + "}";
            if (e.RequestContext == null)
            {
                return greeting;
            }
            return "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":"
                + Json.Quote(greeting) + "}";
        }

        public static void Main()
        {
            LambdaRuntime.Start(Hello);
        }
    }
}
