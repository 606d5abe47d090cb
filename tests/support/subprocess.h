// Test helpers for running the real `scrubline` binary and other tools
// (kcat) as child processes. Header-only; POSIX.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace scrubline::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// Runs `command` with /bin/sh, stdin from `stdin_path` if non-empty; returns
// stdout (stderr goes to the test log) and the exit code.
inline CommandResult RunShell(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) result.out.append(buf, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string TempDir() {
  char tmpl[] = "/tmp/scrubline-test-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  return dir ? dir : "/tmp";
}

// A background child process whose stdout and stderr go to a file we can poll.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const std::string& stdout_path,
             const std::vector<std::string>& extra_env = {})
      : stdout_path_(stdout_path) {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);  // logs go to the same file: tests wait for log lines too
      int devnull = open("/dev/null", O_RDONLY);
      dup2(devnull, 0);
      for (const auto& e : extra_env) putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  std::string Output() const { return ReadFile(stdout_path_); }
  pid_t pid() const { return pid_; }

  // Waits until stdout contains `needle`; returns false after `timeout_s`.
  bool WaitFor(const std::string& needle, double timeout_s) const {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (std::chrono::steady_clock::now() < end) {
      if (Output().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Sends `sig` and waits up to `timeout_s` for exit; returns the exit code,
  // or -1 if it did not exit (then it is killed).
  int Stop(int sig, double timeout_s) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    int status = 0;
    while (std::chrono::steady_clock::now() < end) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

 private:
  std::string stdout_path_;
  pid_t pid_ = -1;
  bool waited_ = false;
};

}  // namespace scrubline::testing
