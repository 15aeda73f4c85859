/*
 * cg-agent: the first and only process the sandbox starts in a run container.
 *
 * It waits on stdin for one job (files to write, then steps to run), runs each
 * step as a child with its own pipes and limits, and writes one result record
 * per step to stdout as soon as the step ends, so a container killed half way
 * still leaves the finished steps' results behind. Then it exits and the
 * container is thrown away.
 *
 * Why PID 1 matters: as the namespace's init it sees, and can kill, every other
 * process in the container (background children, fork-bomb offspring), orphans
 * are re-parented to it for reaping, and SIGKILL/SIGTERM from the learner's
 * code to it are dropped by the kernel. The agent also marks itself non-dumpable, so the
 * learner's code (same uid) cannot ptrace it or open its /proc/1/fd/1 to forge
 * results.
 *
 * Wire format (all numbers decimal ASCII):
 *   job    := "CGJOB 1\n" item* "E\n"
 *   item   := "F " pathLen " " dataLen "\n" path data
 *           | "S " kind " " cpuMs " " wallMs " " memKb " " outBytes " " stdinLen " " argc "\n"
 *             (argLen "\n" arg){argc} stdin
 *             kind: "c" (compile: a failure stops the job) or "r" (run)
 *   result := "R " index " " exitCode " " signal " " cpuMs " " wallMs " " maxRssKb " " flags " "
 *             stdoutLen " " stderrLen "\n" stdout stderr
 *   end    := "D\n"            (every step ran or a compile step failed)
 *           | "X " len "\n" message   (the job could not be run)
 *   flags: 1 cpu limit, 2 wall limit, 4 stdout truncated, 8 stderr truncated,
 *          16 out-of-memory kill seen, 32 could not start the program
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORK_DIR "/work"
#define MAX_JOB_BYTES (256L * 1024 * 1024)
#define MAX_STEPS 1024
#define MAX_ARGS 512

enum {
  FLAG_CPU = 1,
  FLAG_WALL = 2,
  FLAG_STDOUT_TRUNC = 4,
  FLAG_STDERR_TRUNC = 8,
  FLAG_OOM = 16,
  FLAG_SPAWN = 32,
};

struct step {
  char kind;
  long cpu_ms, wall_ms, mem_kb, out_bytes;
  char *stdin_data;
  long stdin_len;
  int argc;
  char **argv;
};

struct buffer {
  char *data;
  size_t len, cap, limit;
  int truncated;
};

static char *job;
/* Process cap for the learner's uid; set only where uids are private to the sandbox (gVisor). */
static long nproc_limit;
/*
 * Under gVisor the agent starts as root of the sandbox's own kernel (never the host's) and
 * runs the learner's code as this uid: gVisor does not shield a non-dumpable init from a
 * same-uid process's /proc/1/mem and /proc/1/fd, so the learner must be another user.
 * Under runc it is 0: agent and learner are both uid 65534 and the host kernel shields init.
 */
static uid_t learner_uid;
static size_t job_len, job_pos;
static int sigchld_pipe[2];

static void write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(3);
    }
    data += n;
    len -= (size_t)n;
  }
}

static void fail(const char *fmt, ...) {
  char msg[512], head[64];
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (len < 0) len = 0;
  if (len >= (int)sizeof msg) len = sizeof msg - 1;
  int hl = snprintf(head, sizeof head, "X %d\n", len);
  write_all(1, head, (size_t)hl);
  write_all(1, msg, (size_t)len);
  _exit(2);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The parser pulls the job from stdin as it goes; the host sends it whole, then waits. */
static int more_job(void) {
  size_t cap = job_len + (1 << 16);
  if (cap > (size_t)MAX_JOB_BYTES) fail("job larger than %ld bytes", MAX_JOB_BYTES);
  job = realloc(job, cap);
  if (!job) fail("out of memory reading the job");
  for (;;) {
    ssize_t n = read(0, job + job_len, cap - job_len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    job_len += (size_t)n;
    return 1;
  }
}

static void need(size_t n) {
  while (job_len - job_pos < n) {
    if (!more_job()) fail("job ended early");
  }
}

static long read_number(char end) {
  long value = 0;
  int digits = 0;
  for (;;) {
    need(1);
    char c = job[job_pos++];
    if (c == end && digits > 0) return value;
    if (c < '0' || c > '9' || digits > 12) fail("malformed number in job");
    value = value * 10 + (c - '0');
    digits++;
  }
}

static char *read_bytes(long n) {
  if (n < 0 || n > MAX_JOB_BYTES) fail("malformed length in job");
  need((size_t)n);
  char *out = malloc((size_t)n + 1);
  if (!out) fail("out of memory reading the job");
  memcpy(out, job + job_pos, (size_t)n);
  out[n] = 0;
  job_pos += (size_t)n;
  return out;
}

static void expect(const char *s) {
  size_t n = strlen(s);
  need(n);
  if (memcmp(job + job_pos, s, n) != 0) fail("malformed job: expected '%s'", s);
  job_pos += n;
}

/* Relative, no "..", no empty parts: the host checks too, this is the second lock. */
static int safe_path(const char *p) {
  if (!*p || *p == '/' || strlen(p) > 255) return 0;
  const char *part = p;
  for (;;) {
    const char *slash = strchr(part, '/');
    size_t len = slash ? (size_t)(slash - part) : strlen(part);
    if (len == 0 || (len == 1 && part[0] == '.') || (len == 2 && part[0] == '.' && part[1] == '.')) return 0;
    if (!slash) return 1;
    part = slash + 1;
  }
}

static void write_file(const char *path, const char *data, long len) {
  if (!safe_path(path)) fail("unsafe file name");
  char dir[300];
  for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
    size_t n = (size_t)(s - path);
    memcpy(dir, path, n);
    dir[n] = 0;
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) fail("cannot create folder %s: %s", dir, strerror(errno));
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot write %s: %s", path, strerror(errno));
  for (long off = 0; off < len;) {
    ssize_t n = write(fd, data + off, (size_t)(len - off));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write %s: %s", path, strerror(errno));
    }
    off += n;
  }
  close(fd);
}

static long read_oom_kills(void) {
  static const char *paths[] = {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
    FILE *f = fopen(paths[i], "re");
    if (!f) continue;
    char key[64];
    long value;
    long found = -1;
    while (fscanf(f, "%63s %ld", key, &value) == 2) {
      if (strcmp(key, "oom_kill") == 0) found = value;
    }
    fclose(f);
    if (found >= 0) return found;
  }
  return -1;
}

/* CPU time so far of a running process and its reaped children, from /proc/<pid>/stat. */
static long process_cpu_ms(pid_t pid) {
  char path[64], text[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return -1;
  text[n] = 0;
  char *p = strrchr(text, ')'); /* the command name may hold spaces */
  if (!p) return -1;
  unsigned long long utime, stime;
  long long cutime, cstime;
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld", &utime, &stime, &cutime,
             &cstime) != 4)
    return -1;
  long ticks = sysconf(_SC_CLK_TCK);
  return (long)((utime + stime + (unsigned long long)(cutime + cstime)) * 1000ULL / (unsigned long long)ticks);
}

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  char c = 0;
  if (write(sigchld_pipe[1], &c, 1) < 0) { /* the pipe is full: a wake-up is already pending */
  }
  errno = saved;
}

static void set_nonblock_cloexec(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void buffer_read(struct buffer *b, int *fd) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      close(*fd);
      *fd = -1;
      return;
    }
    size_t keep = (size_t)n;
    if (b->len + keep > b->limit) {
      keep = b->limit - b->len;
      b->truncated = 1;
    }
    if (b->len + keep > b->cap) {
      b->cap = b->len + keep + 65536;
      b->data = realloc(b->data, b->cap);
      if (!b->data) fail("out of memory collecting output");
    }
    memcpy(b->data + b->len, chunk, keep);
    b->len += keep;
    if (b->truncated) return;
  }
}

/*
 * Every other process in the container goes: the learner's background children too.
 * kill(-1) from init would do it in one call under runc, but gVisor delivers it to
 * init as well, so walk /proc instead; this works the same under both.
 */
static int kill_others_once(void) {
  DIR *proc = opendir("/proc");
  if (!proc) return 0;
  int found = 0;
  pid_t self = getpid();
  struct dirent *entry;
  while ((entry = readdir(proc)) != NULL) {
    char *end;
    long pid = strtol(entry->d_name, &end, 10);
    if (*end || pid <= 0 || pid == self) continue;
    found++;
    kill((pid_t)pid, SIGKILL);
  }
  closedir(proc);
  return found;
}

static void kill_everything_else(void) {
  for (;;) {
    int others = kill_others_once();
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    if (others == 0) return;
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, NULL);
  }
}

#if defined(__x86_64__)
#define AGENT_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AGENT_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "cg-agent: unsupported architecture"
#endif

/*
 * The learner's code may not signal the agent (pid 1) or every process (-1). Under runc
 * the kernel already shields a namespace's init; gVisor does not, so this filter does.
 * Returns 0 on success; the caller refuses to run the program without it.
 */
static int shield_agent(void) {
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AGENT_AUDIT_ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 9, 0), /* x32 ABI: not for learners */
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_kill, 5, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_tkill, 4, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_tgkill, 3, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigqueueinfo, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_tgsigqueueinfo, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pidfd_open, 0, 4),
      /* pid_t is 32 bits: compare the low word of the first argument. */
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {.len = (unsigned short)(sizeof filter / sizeof filter[0]), .filter = filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static void child_exec(const struct step *st, int in_fd, int out_fd, int err_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  int adj = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (adj >= 0) {
    write_all(adj, "1000", 4);
    close(adj);
  }
  long cpu_s = (st->cpu_ms + 999) / 1000 + 1;
  struct rlimit cpu = {(rlim_t)cpu_s, (rlim_t)cpu_s + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  if (nproc_limit > 0) {
    struct rlimit nproc = {(rlim_t)nproc_limit, (rlim_t)nproc_limit};
    setrlimit(RLIMIT_NPROC, &nproc);
  }
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core);
  /* Deep recursion is legitimate in exercises: allow a stack as large as the memory limit. */
  struct rlimit stack;
  if (getrlimit(RLIMIT_STACK, &stack) == 0) {
    rlim_t want = (rlim_t)st->mem_kb * 1024;
    if (stack.rlim_max != RLIM_INFINITY && want > stack.rlim_max) want = stack.rlim_max;
    stack.rlim_cur = want;
    setrlimit(RLIMIT_STACK, &stack);
  }
  /* Its own session: signals to "my process group" stay among the learner's processes. */
  setsid();
  if (shield_agent() != 0) {
    dprintf(2, "cannot start %s: sandbox filter refused: %s\n", st->argv[0], strerror(errno));
    _exit(127);
  }
  if (learner_uid != 0) {
    gid_t gid = (gid_t)learner_uid;
    /* Empty the bounding set too, so nothing of the agent's capabilities reaches the learner. */
    for (int cap = 0; cap <= 63; cap++) {
      if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
        dprintf(2, "cannot start %s: cannot drop capability %d: %s\n", st->argv[0], cap, strerror(errno));
        _exit(127);
      }
    }
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(learner_uid, learner_uid, learner_uid) != 0) {
      dprintf(2, "cannot start %s: cannot drop to uid %d: %s\n", st->argv[0], (int)learner_uid, strerror(errno));
      _exit(127);
    }
  }
  execvp(st->argv[0], st->argv);
  dprintf(2, "cannot start %s: %s\n", st->argv[0], strerror(errno));
  _exit(127);
}

static void run_step(int index, const struct step *st, int *failed) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) fail("cannot create pipes: %s", strerror(errno));
  long oom_before = read_oom_kills();
  long started = now_ms();
  pid_t pid = fork();
  if (pid < 0) fail("cannot fork: %s", strerror(errno));
  if (pid == 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    child_exec(st, in_pipe[0], out_pipe[1], err_pipe[1]);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  int in_fd = in_pipe[1], out_fd = out_pipe[0], err_fd = err_pipe[0];
  set_nonblock_cloexec(in_fd);
  set_nonblock_cloexec(out_fd);
  set_nonblock_cloexec(err_fd);
  if (st->stdin_len == 0) {
    close(in_fd);
    in_fd = -1;
  }

  struct buffer out = {0}, err = {0};
  out.limit = err.limit = (size_t)st->out_bytes;
  long stdin_off = 0;
  int flags = 0, status = 0, exited = 0;
  struct rusage usage;
  memset(&usage, 0, sizeof usage);
  long ended = started;

  while (!exited) {
    long left = st->wall_ms - (now_ms() - started);
    if (left <= 0) {
      flags |= FLAG_WALL;
      break;
    }
    struct pollfd fds[4];
    int n = 0;
    fds[n++] = (struct pollfd){.fd = sigchld_pipe[0], .events = POLLIN};
    int out_i = -1, err_i = -1, in_i = -1;
    if (out_fd >= 0) { out_i = n; fds[n++] = (struct pollfd){.fd = out_fd, .events = POLLIN}; }
    if (err_fd >= 0) { err_i = n; fds[n++] = (struct pollfd){.fd = err_fd, .events = POLLIN}; }
    if (in_fd >= 0) { in_i = n; fds[n++] = (struct pollfd){.fd = in_fd, .events = POLLOUT}; }
    /* Wake at least every 50 ms to hold the CPU limit to the millisecond rather than the rlimit's second. */
    int ready = poll(fds, (nfds_t)n, (int)(left < 50 ? left : 50));
    if (ready < 0 && errno != EINTR) fail("poll failed: %s", strerror(errno));
    if (ready > 0) {
      if (fds[0].revents) {
        char drain[64];
        while (read(sigchld_pipe[0], drain, sizeof drain) > 0) {
        }
      }
      if (out_i >= 0 && fds[out_i].revents) buffer_read(&out, &out_fd);
      if (err_i >= 0 && fds[err_i].revents) buffer_read(&err, &err_fd);
      if (in_i >= 0 && fds[in_i].revents) {
        ssize_t w = write(in_fd, st->stdin_data + stdin_off, (size_t)(st->stdin_len - stdin_off));
        if (w > 0) stdin_off += w;
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || stdin_off >= st->stdin_len ||
            (fds[in_i].revents & (POLLERR | POLLHUP))) {
          close(in_fd);
          in_fd = -1;
        }
      }
    }
    if (out.truncated || err.truncated) break;
    long cpu_now = process_cpu_ms(pid);
    if (cpu_now > st->cpu_ms) {
      flags |= FLAG_CPU;
      break;
    }
    pid_t got = wait4(pid, &status, WNOHANG, &usage);
    if (got == pid) {
      exited = 1;
      ended = now_ms();
    }
  }
  if (!exited) ended = now_ms();
  /* The main program ended or must end: nothing of its may outlive the step. */
  if (!exited) kill(pid, SIGKILL);
  kill_others_once();
  if (!exited) {
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
  }
  kill_everything_else();
  if (in_fd >= 0) close(in_fd);
  while (out_fd >= 0 && !out.truncated) buffer_read(&out, &out_fd);
  while (err_fd >= 0 && !err.truncated) buffer_read(&err, &err_fd);
  if (out_fd >= 0) close(out_fd);
  if (err_fd >= 0) close(err_fd);

  long cpu_ms = usage.ru_utime.tv_sec * 1000L + usage.ru_utime.tv_usec / 1000 + usage.ru_stime.tv_sec * 1000L +
                usage.ru_stime.tv_usec / 1000;
  int exit_code = -1, signal_no = 0;
  if (WIFEXITED(status)) exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) signal_no = WTERMSIG(status);
  if (cpu_ms > st->cpu_ms || signal_no == SIGXCPU) flags |= FLAG_CPU;
  if (out.truncated) flags |= FLAG_STDOUT_TRUNC;
  if (err.truncated) flags |= FLAG_STDERR_TRUNC;
  long oom_after = read_oom_kills();
  if (oom_before >= 0 && oom_after > oom_before) flags |= FLAG_OOM;
  if (exit_code == 127 && err.len > 14 && memcmp(err.data, "cannot start ", 13) == 0) flags |= FLAG_SPAWN;

  char head[256];
  int hl = snprintf(head, sizeof head, "R %d %d %d %ld %ld %ld %d %zu %zu\n", index, exit_code, signal_no, cpu_ms,
                    ended - started, usage.ru_maxrss, flags, out.len, err.len);
  write_all(1, head, (size_t)hl);
  if (out.len) write_all(1, out.data, out.len);
  if (err.len) write_all(1, err.data, err.len);
  free(out.data);
  free(err.data);

  if (st->kind == 'c' && (exit_code != 0 || flags)) *failed = 1;
}

int main(void) {
  if (getpid() != 1) {
    /* Killing "every other process" from anything but a container's init would hit the host's. */
    fprintf(stderr, "cg-agent runs only as PID 1 inside a sandbox container\n");
    return 2;
  }
  prctl(PR_SET_DUMPABLE, 0);
  const char *nproc = getenv("CG_NPROC");
  if (nproc) nproc_limit = strtol(nproc, NULL, 10);
  unsetenv("CG_NPROC");
  const char *learner = getenv("CG_LEARNER_UID");
  if (learner && getuid() == 0) learner_uid = (uid_t)strtol(learner, NULL, 10);
  unsetenv("CG_LEARNER_UID");
  if (getuid() == 0 && learner_uid == 0) fail("refusing to run learner code as root");
  signal(SIGPIPE, SIG_IGN);
  if (pipe(sigchld_pipe) < 0) fail("cannot create pipe");
  set_nonblock_cloexec(sigchld_pipe[0]);
  set_nonblock_cloexec(sigchld_pipe[1]);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);

  /*
   * The job's files belong to the learner, who compiles and runs in /work: write them as
   * the learner (no learner process exists yet), then take root back to supervise.
   */
  if (learner_uid != 0 && (setresgid((gid_t)-1, (gid_t)learner_uid, (gid_t)-1) != 0 ||
                           setresuid((uid_t)-1, learner_uid, (uid_t)-1) != 0))
    fail("cannot act as uid %d: %s", (int)learner_uid, strerror(errno));
  if (chdir(WORK_DIR) < 0) fail("no work folder: %s", strerror(errno));
  expect("CGJOB 1\n");
  if (mkdir(".build", 0755) < 0 && errno != EEXIST) fail("cannot create .build: %s", strerror(errno));

  static struct step steps[MAX_STEPS];
  int nsteps = 0;
  for (;;) {
    need(2);
    char tag = job[job_pos];
    if (tag == 'E' && job[job_pos + 1] == '\n') break;
    if (tag == 'F') {
      expect("F ");
      long path_len = read_number(' ');
      long data_len = read_number('\n');
      char *path = read_bytes(path_len);
      if ((long)strlen(path) != path_len) fail("file name contains a NUL byte");
      need((size_t)data_len);
      write_file(path, job + job_pos, data_len);
      job_pos += (size_t)data_len;
      free(path);
    } else if (tag == 'S') {
      if (nsteps == MAX_STEPS) fail("too many steps");
      struct step *st = &steps[nsteps++];
      expect("S ");
      need(2);
      st->kind = job[job_pos];
      if (st->kind != 'c' && st->kind != 'r') fail("unknown step kind");
      job_pos += 2;
      st->cpu_ms = read_number(' ');
      st->wall_ms = read_number(' ');
      st->mem_kb = read_number(' ');
      st->out_bytes = read_number(' ');
      st->stdin_len = read_number(' ');
      st->argc = (int)read_number('\n');
      if (st->argc < 1 || st->argc > MAX_ARGS) fail("bad argument count");
      st->argv = calloc((size_t)st->argc + 1, sizeof(char *));
      if (!st->argv) fail("out of memory");
      for (int i = 0; i < st->argc; i++) {
        long len = read_number('\n');
        st->argv[i] = read_bytes(len);
      }
      st->stdin_data = read_bytes(st->stdin_len);
    } else {
      fail("malformed job: unknown item '%c'", tag);
    }
  }
  free(job);
  job = NULL;
  if (learner_uid != 0 && (setresuid((uid_t)-1, 0, (uid_t)-1) != 0 || setresgid((gid_t)-1, 0, (gid_t)-1) != 0))
    fail("cannot take back root: %s", strerror(errno));
  prctl(PR_SET_DUMPABLE, 0); /* changing the effective uid resets it */

  int failed = 0;
  for (int i = 0; i < nsteps && !failed; i++) run_step(i, &steps[i], &failed);
  write_all(1, "D\n", 2);
  return 0;
}
