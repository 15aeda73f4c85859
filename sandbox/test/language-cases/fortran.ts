import type { LanguageCase } from "./types.js";

const lang: LanguageCase = {
  id: "fortran",
  hello: "program main\n  implicit none\n  print '(A)', 'hello'\nend program main",
  sum: "program main\n  implicit none\n  integer(8) :: a, b\n  read *, a, b\n  print '(I0)', a + b\nend program main",
  // The module comes second in name order: the compile step has to put it first.
  multi: [
    {
      name: "main.f90",
      content:
        "program main\n  use helper, only: add\n  implicit none\n  print '(I0)', add(2, 3)\nend program main",
    },
    {
      name: "helper.f90",
      content:
        "module helper\n  implicit none\ncontains\n  integer function add(a, b)\n    integer, intent(in) :: a, b\n    add = a + b\n  end function add\nend module helper",
    },
  ],
  compileError: "program main\n  implicit none\n  print *, 1 +\nend program main",
  runtimeError: "program main\n  implicit none\n  error stop 'boom'\nend program main",
  busyLoop:
    "program main\n  implicit none\n  integer(8), volatile :: x\n  x = 0\n  do\n    x = x + 1\n  end do\nend program main",
  memoryHog: [
    "program main",
    "  implicit none",
    "  integer(1), allocatable :: a(:)",
    "  integer(8) :: i, total",
    "  allocate(a(400 * 1024 * 1024))",
    "  a = 1",
    "  total = 0",
    "  do i = 1, size(a, kind=8), 4096",
    "    total = total + a(i)",
    "  end do",
    "  print '(I0)', total",
    "end program main",
  ].join("\n"),
  lineError: {
    code: "program main\n  implicit none\n  undeclared_name = 1\nend program main\n",
    verdict: "compilation_error",
    where: /main\.f90:3:/,
  },
  outputFlood:
    "program main\n  implicit none\n  do\n    print '(A)', repeat('x', 1000)\n  end do\nend program main",
  // No socket library in the base install: libc's socket and connect through ISO_C_BINDING.
  network: [
    "program main",
    "  use, intrinsic :: iso_c_binding",
    "  implicit none",
    "  interface",
    '    integer(c_int) function c_socket(domain, kind, protocol) bind(C, name="socket")',
    "      import :: c_int",
    "      integer(c_int), value :: domain, kind, protocol",
    "    end function c_socket",
    '    integer(c_int) function c_connect(fd, addr, length) bind(C, name="connect")',
    "      import :: c_int, c_int8_t",
    "      integer(c_int), value :: fd, length",
    "      integer(c_int8_t), intent(in) :: addr(16)",
    "    end function c_connect",
    "  end interface",
    "  integer(c_int8_t) :: addr(16)",
    "  integer(c_int) :: fd, r",
    "  ! struct sockaddr_in: AF_INET (host order), port 80 and 1.1.1.1 (network order), zero padding",
    "  addr = 0",
    "  addr(1) = 2",
    "  addr(4) = 80",
    "  addr(5:8) = 1",
    "  r = -1",
    "  fd = c_socket(2, 1, 0)",
    "  if (fd >= 0) r = c_connect(fd, addr, 16)",
    "  if (r == 0) then",
    "    print '(A)', 'connected'",
    "  else",
    "    print '(A)', 'no network'",
    "  end if",
    "end program main",
  ].join("\n"),
  readOnlyRoot: [
    "program main",
    "  implicit none",
    "  integer :: ios",
    "  open(newunit=ios, file='/tmp/cg-probe', status='replace', action='write', iostat=ios)",
    "  if (ios == 0) then",
    "    print '(A)', 'written'",
    "  else",
    "    print '(A)', 'read-only'",
    "  end if",
    "end program main",
  ].join("\n"),
};

export default lang;
