use strict;
use warnings;

my $s = <STDIN> // "";
$s =~ s/\s+//g;
my @stack;
for my $c (split //, $s) {
    if (@stack && $stack[-1] eq $c) {
        pop @stack;
    } else {
        push @stack, $c;
    }
}
print join("", @stack), "\n";
