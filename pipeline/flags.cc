#include "pipeline/flags.h"

namespace scrubline {

std::optional<Flags> Flags::Parse(const std::vector<std::string>& args,
                                  const std::set<std::string>& with_value,
                                  const std::set<std::string>& booleans, std::string& error,
                                  std::vector<std::string>* positional) {
  Flags flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!arg.starts_with("--")) {
      if (positional) {
        positional->push_back(arg);
        continue;
      }
      error = "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "help" || booleans.count(name)) {
      if (value) {
        error = "--" + name + " takes no value";
        return std::nullopt;
      }
      flags.values_[name] = "true";
    } else if (with_value.count(name)) {
      if (!value) {
        if (i + 1 >= args.size()) {
          error = "--" + name + " needs a value";
          return std::nullopt;
        }
        value = args[++i];
      }
      flags.values_[name] = *value;
    } else {
      error = "unknown flag --" + name;
      return std::nullopt;
    }
  }
  return flags;
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

}  // namespace scrubline
