use strict;
use warnings;
# Residues stay below 2^30, so a product of two fits a native 64-bit integer.
use integer;

my $MOD = 1_000_000_007;
my @v = split ' ', do { local $/; <STDIN> };
my $q = $v[0];

my $top = 0;
for my $j (1 .. $q) {
    $top = $v[2 * $j - 1] if $v[2 * $j - 1] > $top;
}

my @fact = (1);
for my $i (1 .. $top) {
    $fact[$i] = $fact[$i - 1] * $i % $MOD;
}

sub power {
    my ($base, $exp) = @_;
    my $result = 1;
    $base %= $MOD;
    while ($exp > 0) {
        $result = $result * $base % $MOD if $exp & 1;
        $base = $base * $base % $MOD;
        $exp >>= 1;
    }
    return $result;
}

my @inv;
$inv[$top] = power($fact[$top], $MOD - 2);
for (my $i = $top; $i > 0; $i--) {
    $inv[$i - 1] = $inv[$i] * $i % $MOD;
}

my @out;
for my $j (1 .. $q) {
    my ($n, $k) = ($v[2 * $j - 1], $v[2 * $j]);
    push @out, $k > $n ? 0 : $fact[$n] * $inv[$k] % $MOD * $inv[$n - $k] % $MOD;
}
print join("\n", @out), "\n";
