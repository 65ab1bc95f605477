# frozen_string_literal: true

# Lamina Ruby runtime interface client.
#
# Launched as `ruby <dir>/bootstrap.rb` with cwd = the function's code directory. Talks to the Lambda
# Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, loads $_HANDLER and serves invocations one at a
# time, as the managed ruby3.x runtimes do:
#   - the handler is `file.method` (a method defined at the top level of file.rb) or
#     `file.Module::Class.method` (a class method), called as `method(event:, context:)`;
#     file.rb is required through $LOAD_PATH, which RUBYLIB fills with /var/task, /var/task/lib and
#     /opt/ruby/lib (the node sets it, and GEM_PATH with /opt/ruby/gems/<version>);
#   - the return value is sent JSON-encoded (an IO or StringIO as its bytes);
#   - an exception becomes {errorMessage, errorType: its class, stackTrace} with the
#     Lambda-Runtime-Function-Error-Type `Function<Class>`; NoMethodError, NameError and what is not a
#     StandardError end the runtime after being reported, as in the managed runtime;
#   - a failure to load the handler goes to /init/error as `Init<Class>` (a LoadError is
#     `Init<LoadError>`), a method that is not there as Runtime.HandlerNotFound.
# Standard library only. Written for Lamina from the published Runtime API and runtime documentation.
#
# Exit status 1 means: init failed (already reported through /init/error), the Runtime API could not
# be reached, or the handler raised what ends the runtime.

$stdout.sync = true
$stderr.sync = true

require 'json'
require 'net/http'
require 'stringio'

module LaminaRuntime
  API = '/2018-06-01/runtime'
  CLIENT = "#{__FILE__}:"

  # An error reported with an error type of its own rather than `Init<Class>`.
  class RuntimeError < StandardError
    attr_reader :error_type

    def initialize(error_type, message)
      super(message)
      @error_type = error_type
    end
  end

  # What a handler gets as `context:`, with the managed runtime's attribute names.
  class LambdaContext
    attr_reader :aws_request_id, :invoked_function_arn, :log_group_name, :log_stream_name, :function_name,
                :memory_limit_in_mb, :function_version, :identity, :client_context, :deadline_ms, :tenant_id

    def initialize(invocation)
      @aws_request_id = invocation.request_id
      @invoked_function_arn = invocation.header('Lambda-Runtime-Invoked-Function-Arn')
      @log_group_name = ENV['AWS_LAMBDA_LOG_GROUP_NAME']
      @log_stream_name = ENV['AWS_LAMBDA_LOG_STREAM_NAME']
      @function_name = ENV['AWS_LAMBDA_FUNCTION_NAME']
      @memory_limit_in_mb = ENV['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']
      @function_version = ENV['AWS_LAMBDA_FUNCTION_VERSION']
      @deadline_ms = invocation.header('Lambda-Runtime-Deadline-Ms').to_i
      identity = invocation.header('Lambda-Runtime-Cognito-Identity')
      @identity = JSON.parse(identity) if identity
      client_context = invocation.header('Lambda-Runtime-Client-Context')
      @client_context = JSON.parse(client_context) if client_context
      @tenant_id = invocation.header('Lambda-Runtime-Aws-Tenant-Id')
    end

    def get_remaining_time_in_millis # rubocop:disable Naming/AccessorMethodName: the managed runtime's name
      [@deadline_ms - Process.clock_gettime(Process::CLOCK_REALTIME, :millisecond), 0].max
    end
  end

  # One invocation as /next gave it.
  class Invocation
    attr_reader :request_id, :body

    def initialize(response)
      @response = response
      @request_id = response['Lambda-Runtime-Aws-Request-Id']
      @body = response.body || ''
    end

    def header(name)
      @response[name]
    end
  end

  # The Runtime API over one keep-alive connection, one request at a time.
  # The Runtime API refused a call; code is its HTTP status.
  class ApiError < StandardError
    attr_reader :code

    def initialize(code, message)
      super(message)
      @code = code
    end
  end

  class RuntimeApi
    def initialize(address)
      match = /\A\[([^\]]+)\]:(\d+)\z/.match(address) || /\A([^:]+):(\d+)\z/.match(address)
      raise ArgumentError, "AWS_LAMBDA_RUNTIME_API is not host:port: '#{address}'" unless match

      # nil as the proxy: the Runtime API is reached directly, whatever http_proxy the function sets
      @http = Net::HTTP.new(match[1], match[2].to_i, nil)
      @http.read_timeout = nil # /next is a long poll
      @http.keep_alive_timeout = 60
      @http.start
    end

    def next_invocation
      response = request(Net::HTTP::Get.new("#{API}/invocation/next"))
      invocation = Invocation.new(response)
      raise "GET /invocation/next returned no Lambda-Runtime-Aws-Request-Id" unless invocation.request_id

      invocation
    end

    def post(path, body, content_type, error_type = nil)
      headers = { 'Content-Type' => content_type }
      headers['Lambda-Runtime-Function-Error-Type'] = LaminaRuntime.header_value(error_type) if error_type
      post = Net::HTTP::Post.new("#{API}#{path}", headers)
      post.body = body
      request(post)
    end

    private

    def request(request)
      response = @http.request(request)
      unless response.is_a?(Net::HTTPSuccess)
        raise ApiError.new(response.code.to_i,
                           "#{request.method} #{request.path} returned HTTP #{response.code}: #{response.body.to_s[0, 1000]}")
      end

      response
    end
  end

  # Finds and calls the function's handler.
  class Handler
    def initialize(name)
      parts = name.to_s.split('.')
      unless [2, 3].include?(parts.size)
        raise ArgumentError, "Invalid handler #{parts}, must be of form FILENAME.METHOD or FILENAME.CLASS.METHOD " \
                             'where FILENAME corresponds with an existing Ruby source file FILENAME.rb, CLASS is an ' \
                             'optional module/class namespace and METHOD is a callable method. If using CLASS, ' \
                             'METHOD must be a class-level method.'
      end
      @file = parts.first
      @class_name = parts[1] if parts.size == 3
      @method = parts.last.to_sym
    end

    # Requires the handler's file and finds the method: raises what /init/error reports.
    def load
      require @file
      @receiver = @class_name ? find_class : TOPLEVEL_BINDING.receiver
      return if @receiver.respond_to?(@method, true)

      where = @class_name ? "'#{@class_name}'" : "file '#{@file}'"
      raise RuntimeError.new('Runtime.HandlerNotFound', "Handler '#{@method}' missing on #{where}")
    end

    def call(event, context)
      @receiver.__send__(@method, event: event, context: context)
    end

    private

    def find_class
      Object.const_get(@class_name)
    rescue NameError
      raise RuntimeError.new('Runtime.HandlerNotFound',
                             "Handler class '#{@class_name}' is not defined in file '#{@file}'")
    end
  end

  def self.header_value(text)
    value = text.to_s.gsub(/[^\t\x20-\x7e]/, '')[0, 1024]
    value.empty? ? 'Unknown' : value
  end

  def self.error_document(error, error_type = error.class.name)
    message = begin
      error.message.to_s
    rescue StandardError
      ''
    end
    # the function's frames only: up to the first of this client's
    trace = (error.backtrace || []).take_while { |frame| !frame.start_with?(CLIENT) }
    { errorMessage: message, errorType: error_type.to_s, stackTrace: trace.first(100) }
  end

  def self.log_error(message, document)
    $stderr.puts message
    $stderr.puts JSON.pretty_generate(document)
  rescue StandardError
    nil # stderr gone: nothing left to tell
  end

  # The body and content type of a handler's result, or raises what the invocation then reports.
  def self.marshal(result)
    case result
    when StringIO, IO
      [result.read.to_s, 'application/unknown']
    else
      [result.to_json, 'application/json']
    end
  end

  def self.init_failure(api, error)
    error_type = error.is_a?(RuntimeError) ? error.error_type : "Init<#{error.class}>"
    document = error_document(error, error_type)
    log_error("Init error when loading handler #{ENV['_HANDLER']}", document)
    api.post('/init/error', JSON.generate(document), 'application/vnd.aws.lambda.error+json', error_type)
    exit(1)
  end

  # Serves one invocation; false when the runtime must end after it.
  def self.serve(api, handler, invocation)
    path = "/invocation/#{invocation.request_id}"
    trace = invocation.header('Lambda-Runtime-Trace-Id')
    if trace
      ENV['_X_AMZN_TRACE_ID'] = trace
    else
      ENV.delete('_X_AMZN_TRACE_ID')
    end
    begin
      event = JSON.parse(invocation.body.empty? ? 'null' : invocation.body)
      body, content_type = marshal(handler.call(event, LambdaContext.new(invocation)))
    rescue Exception => e # rubocop:disable Lint/RescueException: every failure of the function is reported
      document = error_document(e)
      log_error('Error raised from handler method', document)
      api.post("#{path}/error", JSON.generate(document), 'application/vnd.aws.lambda.error+json',
               "Function<#{e.class}>")
      return e.is_a?(StandardError) && !e.is_a?(NameError)
    end
    begin
      api.post("#{path}/response", body, content_type)
    rescue ApiError => e
      raise unless e.code == 413 # too large: the Runtime API has failed the invocation itself
    end
    true
  end

  def self.main
    api = RuntimeApi.new(ENV['AWS_LAMBDA_RUNTIME_API'].to_s)
    handler = nil
    begin
      handler = Handler.new(ENV['_HANDLER'])
      handler.load
    rescue Exception => e # rubocop:disable Lint/RescueException: a function's file may raise anything
      init_failure(api, e)
    end
    loop do
      break unless serve(api, handler, api.next_invocation)
    end
    exit(1)
  rescue StandardError, SystemCallError => e
    $stderr.puts "Lamina runtime: #{e.class}: #{e.message}"
    exit(1)
  end
end

LaminaRuntime.main
