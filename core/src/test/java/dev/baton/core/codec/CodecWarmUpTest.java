/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.AttributeEncodingException;
import dev.baton.core.CodecKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecWarmUpTest {

    @Test
    void runWhenCalledThenEveryRoundDecodesToWhatWasEncoded() {
        // When
        int rounds = CodecWarmUp.run();

        // Then: each decoded sample encoded again to the same bytes
        assertThat(rounds).isEqualTo(CodecWarmUp.ROUNDS);
    }

    @Test
    void createWhenWarmedUpThenTheCodecStillRefusesTheWarmUpsOwnClass() {
        // Given: a codec whose allow-list lacks the warm-up's sample class, which its own codec allowed
        ValueCodec codec = ValueCodec.create(CodecKind.KRYO, AllowList.create(List.of(), name -> false), List.of());

        // When / then
        assertThatThrownBy(() -> codec.encodeUnsealed("line", new CodecWarmUp.Line()))
                .isInstanceOf(AttributeEncodingException.class)
                .hasMessageContaining(CodecWarmUp.Line.class.getName());
    }
}
