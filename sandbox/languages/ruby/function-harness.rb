# Codeground function-mode harness: main.rb, next to the learner's solution.rb.
# stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.
require "json"

module Codeground
  FUNCTION_NAME = /*CG:NAME*/
  PARAM_TYPES = /*CG:PARAM_TYPES*/
  RETURNS = /*CG:RETURNS*/
  HARNESS = File.expand_path(__FILE__)
  DIR = File.dirname(HARNESS)

  # What a token split would break on, and more: `"`, `\`, control characters, every kind of
  # whitespace. Ruby strings hold no lone surrogates, so code points are UTF-16 code units here.
  ESCAPE = /["\\\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/

  # Before any of the learner's code runs, their output goes to stderr at the file-descriptor
  # level (puts, STDOUT, IO.for_fd(1)...); the result goes to a copy of the original stdout.
  def self.redirect_output
    result = STDOUT.dup
    STDOUT.reopen(STDERR)
    STDOUT.sync = true
    result
  end

  def self.decode(type, value)
    return value unless type.start_with?("float")
    return value.map { |item| decode(type[0..-3], item) } if type.end_with?("[]")
    value.to_f
  end

  def self.utf8(string)
    string = string.to_s
    unless [Encoding::UTF_8, Encoding::BINARY, Encoding::US_ASCII].include?(string.encoding)
      string = string.encode(Encoding::UTF_8, invalid: :replace, undef: :replace, replace: "\uFFFD")
    end
    string = string.dup.force_encoding(Encoding::UTF_8) unless string.encoding == Encoding::UTF_8
    string.valid_encoding? ? string : string.scrub("\uFFFD")
  end

  def self.quote(string)
    escaped = utf8(string).gsub(ESCAPE) do |c|
      case c
      when '"' then '\\"'
      when "\\" then "\\\\"
      else format("\\u%04x", c.ord)
      end
    end
    "\"#{escaped}\""
  end

  # Appends `value` in canonical spaced JSON: one space between tokens, `[ ]` for an empty array.
  def self.put(value, parts)
    case value
    when nil then parts << "null"
    when true then parts << "true"
    when false then parts << "false"
    when Integer then parts << value.to_s
    when Float then parts << value.to_s
    when Numeric then parts << value.to_f.to_s
    when String, Symbol then parts << quote(value)
    when Array
      if value.empty?
        parts << "[ ]"
        return
      end
      parts << "["
      value.each_with_index do |item, i|
        parts << "," if i.positive?
        put(item, parts)
      end
      parts << "]"
    else
      raise TypeError, "#{FUNCTION_NAME}() returned a #{value.class}; expected #{RETURNS}"
    end
  end

  # The learner's frames only, named as the learner's files are (solution.rb): the harness's own
  # frames are left out.
  def self.report(error)
    trace = (error.backtrace || []).filter_map do |line|
      line.delete_prefix("#{DIR}/") unless line.start_with?("#{HARNESS}:", "#{File.basename(HARNESS)}:")
    end
    if trace.empty? # raised by the harness itself, e.g. for a result of the wrong type
      STDERR.puts("#{error.message} (#{error.class})")
    else
      error.set_backtrace(trace)
      STDERR.write(error.full_message(highlight: false))
    end
  end

  def self.main(result_out)
    args = JSON.parse(STDIN.read).each_with_index.map { |value, i| decode(PARAM_TYPES[i], value) }
    unless TOPLEVEL_BINDING.receiver.respond_to?(FUNCTION_NAME, true)
      STDERR.puts("Define a method named #{FUNCTION_NAME}.")
      exit 1
    end
    result = TOPLEVEL_BINDING.receiver.send(FUNCTION_NAME, *args)
    parts = []
    put(result, parts)
    result_out.write(parts.join(" "), "\n")
    result_out.flush
  end
end

begin
  cg_result_out = Codeground.redirect_output
  load File.join(__dir__, "solution.rb")
  Codeground.main(cg_result_out)
rescue SystemExit
  raise
rescue Exception => e # every error of the learner's, reported as Ruby would, without the harness's frames
  Codeground.report(e)
  exit 1
end
